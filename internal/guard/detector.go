package guard

import (
	"errors"
	"fmt"

	"github.com/paddock-dev/paddock/internal/guard/detect"
)

// ErrNoDetector is returned by New when the built-in injection detector cannot start (its
// embedded weights do not load). There is no fallback: a guard that cannot detect refuses to
// start.
var ErrNoDetector = errors.New("guard: the injection detector cannot start")

// defaultDetector is the detector used when Options.Detector is nil.
func defaultDetector() (Detector, error) {
	m, err := loadDefault()
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNoDetector, err)
	}
	return m, nil
}

// loadDefault loads the built-in detector; tests swap it to prove New fails closed.
var loadDefault = detect.Default
