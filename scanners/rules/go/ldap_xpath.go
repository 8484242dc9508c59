package handlers

import (
	"fmt"
	"net/http"

	"github.com/antchfx/xmlquery"
	"github.com/go-ldap/ldap/v3"
)

func Lookup(w http.ResponseWriter, r *http.Request, conn *ldap.Conn, doc *xmlquery.Node) {
	user := r.URL.Query().Get("user")
	// ruleid: go.ldap.injection-taint
	req := ldap.NewSearchRequest("ou=people,dc=example,dc=com", ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, 0, 0, false, fmt.Sprintf("(uid=%s)", user), []string{"cn"}, nil)
	conn.Search(req)
	// ok: go.ldap.injection-taint
	safe := ldap.NewSearchRequest("ou=people,dc=example,dc=com", ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, 0, 0, false, fmt.Sprintf("(uid=%s)", ldap.EscapeFilter(user)), []string{"cn"}, nil)
	conn.Search(safe)

	title := r.FormValue("title")
	// ruleid: go.xpath.injection-taint
	nodes := xmlquery.Find(doc, "//book[title='"+title+"']")
	// ok: go.xpath.injection-taint
	all := xmlquery.Find(doc, "//book/title")
	fmt.Fprint(w, len(nodes), len(all))
}
