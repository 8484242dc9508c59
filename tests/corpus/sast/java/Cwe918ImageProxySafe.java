import org.springframework.web.bind.annotation.*;
import org.springframework.web.client.RestTemplate;

@RestController
public class Cwe918ImageProxySafe {
    private final RestTemplate rest = new RestTemplate();

    @GetMapping("/image-proxy")
    public byte[] proxy(@RequestParam long imageId) {
        return rest.getForObject("https://cdn.example.org/images/{id}", byte[].class, imageId);
    }
}
