package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"gorm.io/gorm"
)

func ListOrders(db *gorm.DB) gin.HandlerFunc {
	return func(c *gin.Context) {
		var orders []Order
		db.Raw("SELECT * FROM orders WHERE status = ?", c.Query("status")).Scan(&orders)
		c.JSON(http.StatusOK, orders)
	}
}
