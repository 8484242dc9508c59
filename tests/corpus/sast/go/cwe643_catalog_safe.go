package catalog

import (
	"net/http"

	"github.com/antchfx/xmlquery"
)

func Price(doc *xmlquery.Node) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sku := r.URL.Query().Get("sku")
		for _, node := range xmlquery.Find(doc, "//product") {
			if node.SelectAttr("sku") == sku {
				w.Write([]byte(xmlquery.FindOne(node, "price").InnerText()))
				return
			}
		}
		http.NotFound(w, r)
	}
}
