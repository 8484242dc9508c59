import javax.servlet.http.HttpServletRequest;

public class Cwe501CartSessionSafe {
    private CouponService coupons;

    public void applyCoupon(HttpServletRequest request) {
        Coupon coupon = coupons.lookup(request.getParameter("code"));
        request.getSession().setAttribute("discountPercent", coupon.percent());
    }
}
