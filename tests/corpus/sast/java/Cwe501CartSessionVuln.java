import javax.servlet.http.HttpServletRequest;

public class Cwe501CartSessionVuln {
    public void applyCoupon(HttpServletRequest request) {
        String discount = request.getParameter("discount");
        request.getSession().setAttribute("discountPercent", discount);
    }
}
