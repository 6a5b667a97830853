package llm

import (
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxServerDelay bounds any parsed server-requested wait, so that absurd
// values cannot overflow a time.Duration. Anything above the retry cap ends
// the retries anyway.
const maxServerDelay = 24 * time.Hour

// parseRetryAfter returns the wait the server asks for in a response's
// headers, relative to now. retry-after-ms (milliseconds, OpenAI's and
// Azure's extension) wins over Retry-After, which is delay-seconds or an
// HTTP-date (RFC 9110 §10.2.3). ok is false when neither header holds a
// usable value. The result is always within [0, maxServerDelay]; a date in
// the past means "retry now".
func parseRetryAfter(h http.Header, now time.Time) (d time.Duration, ok bool) {
	if v := strings.TrimSpace(h.Get("Retry-After-Ms")); v != "" {
		if ms, ok := parseNonNegativeFloat(v); ok {
			return clampDelay(ms * float64(time.Millisecond)), true
		}
	}
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if secs, ok := parseNonNegativeFloat(v); ok {
		return clampDelay(secs * float64(time.Second)), true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	if !t.After(now) {
		return 0, true
	}
	diff := t.Sub(now) // saturates at the Duration bounds, never wraps
	return min(diff, maxServerDelay), true
}

// parseNonNegativeFloat accepts plain decimal numbers only ("2", "1.5"), not
// the other spellings strconv.ParseFloat allows ("Inf", "0x1p3", "1e3", "_").
func parseNonNegativeFloat(s string) (float64, bool) {
	if s == "" || len(s) > 32 {
		return 0, false
	}
	dot := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
		case c == '.' && !dot && i > 0:
			dot = true
		default:
			return 0, false
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f < 0 {
		return 0, false
	}
	return f, true
}

func clampDelay(nanos float64) time.Duration {
	if nanos >= float64(maxServerDelay) {
		return maxServerDelay
	}
	return time.Duration(nanos)
}

// backoff returns the wait before retry number retry (0-based): base·2^retry
// capped at maxDelay, with "equal jitter" (uniform in [d/2, d]) so that many
// clients failing together do not retry in lockstep.
func backoff(retry int, base, maxDelay time.Duration) time.Duration {
	if base <= 0 || maxDelay <= 0 {
		return 0
	}
	d := maxDelay
	if retry < 62 {
		if step := base << retry; step > 0 && step < maxDelay && step>>retry == base {
			d = step
		}
	}
	if d <= 1 {
		return d
	}
	half := d / 2
	return half + rand.N(d-half+1)
}
