module example.com/auth

go 1.21

require github.com/dgrijalva/jwt-go v3.2.0+incompatible
