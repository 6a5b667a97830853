package llm

import (
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode"
)

var now = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

func TestParseRetryAfter(t *testing.T) {
	tests := []struct {
		name   string
		header map[string]string
		want   time.Duration
		ok     bool
	}{
		{"none", nil, 0, false},
		{"seconds", map[string]string{"Retry-After": "3"}, 3 * time.Second, true},
		{"zero", map[string]string{"Retry-After": "0"}, 0, true},
		{"fractional seconds", map[string]string{"Retry-After": "1.5"}, 1500 * time.Millisecond, true},
		{"spaces", map[string]string{"Retry-After": "  7 "}, 7 * time.Second, true},
		{"HTTP-date in the future", map[string]string{"Retry-After": now.Add(90 * time.Second).Format(http.TimeFormat)}, 90 * time.Second, true},
		{"HTTP-date in the past", map[string]string{"Retry-After": "Sun, 06 Nov 1994 08:49:37 GMT"}, 0, true},
		{"RFC 850 date", map[string]string{"Retry-After": "Wednesday, 25-Nov-26 12:00:05 GMT"}, 5 * time.Second, true},
		{"asctime date", map[string]string{"Retry-After": "Wed Nov 25 12:00:10 2026"}, 10 * time.Second, true},
		{"ms wins", map[string]string{"Retry-After-Ms": "250", "Retry-After": "9"}, 250 * time.Millisecond, true},
		{"fractional ms", map[string]string{"retry-after-ms": "0.5"}, 500 * time.Microsecond, true},
		{"bad ms falls back", map[string]string{"Retry-After-Ms": "soon", "Retry-After": "2"}, 2 * time.Second, true},
		{"huge seconds clamp", map[string]string{"Retry-After": "99999999999999999999999"}, maxServerDelay, true},
		{"huge date clamps", map[string]string{"Retry-After": "Fri, 31 Dec 9999 23:59:59 GMT"}, maxServerDelay, true},
		{"negative", map[string]string{"Retry-After": "-5"}, 0, false},
		{"infinity", map[string]string{"Retry-After": "Inf"}, 0, false},
		{"NaN", map[string]string{"Retry-After-Ms": "NaN"}, 0, false},
		{"hex float", map[string]string{"Retry-After": "0x1p4"}, 0, false},
		{"exponent", map[string]string{"Retry-After": "1e9"}, 0, false},
		{"underscore", map[string]string{"Retry-After": "1_0"}, 0, false},
		{"leading dot", map[string]string{"Retry-After": ".5"}, 0, false},
		{"garbage", map[string]string{"Retry-After": "tomorrow-ish"}, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			for k, v := range tt.header {
				h.Set(k, v)
			}
			got, ok := parseRetryAfter(h, now)
			if got != tt.want || ok != tt.ok {
				t.Errorf("parseRetryAfter(%v) = %v, %v; want %v, %v", tt.header, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func FuzzParseRetryAfter(f *testing.F) {
	for _, s := range []string{"0", "3", "1.5", "-1", "Inf", "NaN", "1e400", "Sun, 06 Nov 1994 08:49:37 GMT",
		"Fri, 31 Dec 9999 23:59:59 GMT", "Wed Nov 25 12:00:10 2026", "99999999999999999999999", "", " "} {
		f.Add(s, s)
		f.Add(s, "")
	}
	f.Fuzz(func(t *testing.T, retryAfter, retryAfterMs string) {
		h := http.Header{}
		h["Retry-After"] = []string{retryAfter}
		h["Retry-After-Ms"] = []string{retryAfterMs}
		d, ok := parseRetryAfter(h, now)
		if d < 0 || d > maxServerDelay {
			t.Fatalf("delay %v out of [0, %v] for %q / %q", d, maxServerDelay, retryAfter, retryAfterMs)
		}
		if !ok && d != 0 {
			t.Fatalf("not ok but delay %v", d)
		}
		if strings.TrimSpace(retryAfter) == "" && strings.TrimSpace(retryAfterMs) == "" && ok {
			t.Fatalf("ok without any header value")
		}
	})
}

func TestBackoff(t *testing.T) {
	base, maxDelay := 100*time.Millisecond, 2*time.Second
	for retry := range 80 {
		want := maxDelay
		if retry < 5 {
			want = base << retry
		}
		for range 20 {
			d := backoff(retry, base, maxDelay)
			if d < want/2 || d > want {
				t.Fatalf("backoff(%d) = %v, want in [%v, %v]", retry, d, want/2, want)
			}
		}
	}
	if d := backoff(0, 0, time.Second); d != 0 {
		t.Errorf("zero base gave %v", d)
	}
}

func TestScrubber(t *testing.T) {
	const key = "sk-proj-AbCdEf0123456789"
	s := newScrubber(key, "", "ab")
	tests := []struct{ in, want string }{
		{"Incorrect API key provided: " + key, "Incorrect API key provided: [REDACTED]"},
		{"header Authorization: Bearer abc.def-ghi", "header Authorization: Bearer [REDACTED]"},
		{"other key sk-otherkey12345678 here", "other key [REDACTED] here"},
		{"red \x1b[31mtext\x1b[0m and \x1b]8;;http://x\x07link\x1b]8;;\x07", "red text and link"},
		{"rtl \u202eevil\u202c zero\u200bwidth", "rtl evil zerowidth"},
		{"split sk-proj-\x1b[0mAbCdEf0123456789", "split [REDACTED]"},
		{"lines\nand\ttabs", "lines and tabs"},
		{"short secrets like ab are kept", "short secrets like ab are kept"},
		{strings.Repeat("é", 400), strings.Repeat("é", maxDetail/2) + "…"},
	}
	for _, tt := range tests {
		if got := s.clean(tt.in); got != tt.want {
			t.Errorf("clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzScrub(f *testing.F) {
	f.Add("key: sk-canary-0123456789", "sk-canary-0123456789")
	f.Add("\x1b[31mx\x1b[0m", "secret")
	f.Add("Bearer abc", "abcd")
	f.Fuzz(func(t *testing.T, text, secret string) {
		s := newScrubber(secret)
		out := s.clean(text)
		if len(secret) >= minSecretLen && !strings.ContainsAny(secret, "[]REDACT…") {
			clean := stripControl(secret)
			if strings.Contains(out, secret) || (len(clean) >= minSecretLen && strings.Contains(out, clean)) {
				t.Fatalf("secret %q survives in %q", secret, out)
			}
		}
		for _, r := range out {
			if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
				t.Fatalf("control character %U in %q", r, out)
			}
		}
		if len(out) > maxDetail+len("…") {
			t.Fatalf("output of %d bytes", len(out))
		}
	})
}
