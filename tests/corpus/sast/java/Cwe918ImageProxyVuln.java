import org.springframework.web.bind.annotation.*;
import org.springframework.web.client.RestTemplate;

@RestController
public class Cwe918ImageProxyVuln {
    private final RestTemplate rest = new RestTemplate();

    @GetMapping("/image-proxy")
    public byte[] proxy(@RequestParam String src) {
        return rest.getForObject(src, byte[].class);
    }
}
