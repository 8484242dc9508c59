import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

public class Cwe352SecurityConfigVuln {
    @Bean
    SecurityFilterChain web(HttpSecurity http) throws Exception {
        http.formLogin(form -> form.loginPage("/login")).csrf(csrf -> csrf.disable());
        return http.build();
    }
}
