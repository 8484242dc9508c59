package keys

import (
	"fmt"
	"math/rand"
)

func NewAPIKey() string {
	apiKey := fmt.Sprintf("%016x%016x", rand.Uint64(), rand.Uint64())
	return apiKey
}
