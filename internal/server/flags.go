package server

import (
	"strings"
	"unicode/utf8"
)

// The guard's reasons for a flag, as a step's tool call shows them: a few short lines.
const (
	maxFlagReasons     = 8
	maxFlagReasonBytes = 200
)

// flagReasons redacts and clips the guard's reasons for one flagged result: at most
// maxFlagReasons, each at most maxFlagReasonBytes of valid UTF-8, blank ones dropped. A reason
// can quote the untrusted output it was found in, so it is redacted like the output.
func flagReasons(reasons []string, redact func(string) string) []string {
	var out []string
	for _, r := range reasons {
		if len(out) == maxFlagReasons {
			break
		}
		r = strings.TrimSpace(redact(r))
		if r == "" {
			continue
		}
		if len(r) > maxFlagReasonBytes {
			cut := maxFlagReasonBytes - len("…")
			for cut > 0 && !utf8.RuneStart(r[cut]) {
				cut--
			}
			r = r[:cut] + "…"
		}
		out = append(out, strings.ToValidUTF8(r, "\uFFFD"))
	}
	return out
}
