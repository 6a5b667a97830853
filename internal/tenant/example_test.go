package tenant_test

import (
	"fmt"
	"strings"

	"github.com/paddock-dev/paddock/internal/tenant"
)

// A key is shown once; the server keeps only its hash, and the id names it in listings and the
// audit log.
func ExampleNewKey() {
	plain, hash, id := tenant.NewKey()
	fmt.Println(strings.HasPrefix(plain, tenant.KeyPrefix), len(plain), len(hash), id == tenant.KeyID(tenant.HashKey(plain)))
	key, err := tenant.ParseBearer("Bearer " + plain)
	fmt.Println(key == plain, err)
	// Output:
	// true 47 64 true
	// true <nil>
}

func ExampleRole_AtLeast() {
	fmt.Println(tenant.Admin.AtLeast(tenant.Member), tenant.Viewer.AtLeast(tenant.Member))
	// Output: true false
}
