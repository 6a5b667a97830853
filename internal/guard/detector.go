package guard

import "github.com/paddock-dev/paddock/internal/guard/detect"

// defaultDetector is the detector used when Options.Detector is nil.
func defaultDetector() Detector { return detect.Default() }
