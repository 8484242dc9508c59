package handlers

import (
	"html"
	"net/http"

	"github.com/gin-gonic/gin"
)

func Greet(c *gin.Context) {
	name := c.Query("name")
	// ruleid: go.gin.xss-taint
	c.Data(http.StatusOK, "text/html; charset=utf-8", []byte("<h1>"+name+"</h1>"))
	// ok: go.gin.xss-taint
	c.Data(http.StatusOK, "text/html; charset=utf-8", []byte("<h1>"+html.EscapeString(name)+"</h1>"))
	// ok: go.gin.xss-taint
	c.String(http.StatusOK, "hello %s", name)
}

func Login(c *gin.Context) {
	next := c.Query("next")
	// ruleid: go.gin.open-redirect-taint
	c.Redirect(http.StatusFound, next)
	// ok: go.gin.open-redirect-taint
	c.Redirect(http.StatusFound, "/dashboard")
}

var landing = map[string]string{"billing": "/billing", "settings": "/settings"}

func AfterLogin(c *gin.Context) {
	// ok: go.gin.open-redirect-taint
	c.Redirect(http.StatusFound, landing[c.Query("to")])
	back := map[string]string{"home": "/", "back": c.Query("back")}
	// ruleid: go.gin.open-redirect-taint
	c.Redirect(http.StatusFound, back[c.Query("to")])
}
