import java.util.List;
import javax.persistence.EntityManager;
import org.springframework.web.bind.annotation.*;

@RestController
public class Cwe89JpaSearchSafe {
    private EntityManager em;

    @GetMapping("/books")
    public List<?> search(@RequestParam("author") String author) {
        return em.createQuery("SELECT b FROM Book b WHERE b.author = :author")
                .setParameter("author", author)
                .getResultList();
    }
}
