import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jwts;

public class Cwe347TokenFilterVuln {
    public String subject(String token) {
        Claims claims = Jwts.parser().parseClaimsJwt(token).getBody();
        return claims.getSubject();
    }
}
