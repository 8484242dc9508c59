package catalog

import (
	"net/http"

	"github.com/antchfx/xmlquery"
)

func Price(doc *xmlquery.Node) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		node := xmlquery.FindOne(doc, "//product[@sku='"+r.URL.Query().Get("sku")+"']/price")
		if node == nil {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte(node.InnerText()))
	}
}
