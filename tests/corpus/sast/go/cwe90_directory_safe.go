package directory

import (
	"net/http"

	"github.com/go-ldap/ldap/v3"
)

func Find(conn *ldap.Conn) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		filter := "(&(objectClass=person)(mail=" + ldap.EscapeFilter(r.URL.Query().Get("mail")) + "))"
		req := ldap.NewSearchRequest("dc=corp,dc=local", ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, 10, 5, false, filter, []string{"cn"}, nil)
		res, err := conn.Search(req)
		if err != nil || len(res.Entries) == 0 {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/plain")
		w.Write([]byte(res.Entries[0].GetAttributeValue("cn")))
	}
}
