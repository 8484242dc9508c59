module example.com/gateway

go 1.22

require (
	github.com/gin-gonic/gin v1.10.0
	golang.org/x/net v0.15.0 // indirect
)
