module example.com/app

go 1.21

toolchain go1.21.1

require (
	golang.org/x/net v0.16.0
	github.com/gin-gonic/gin v1.9.1 // indirect
)

require github.com/pkg/errors v0.9.1

replace github.com/pkg/errors => github.com/pkg/errors v0.9.0
