package tenant

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ErrInvalidExpiry reports a key expiry that is neither a duration nor a date, or is not in the
// future.
var ErrInvalidExpiry = errors.New("invalid expiry")

// maxKeyLifetime bounds an expiry, so that a typo ("3650000d") does not pass for "never".
const maxKeyLifetime = 100 * 365 * 24 * time.Hour

// ParseExpiry reads when a key should stop working, relative to now: a duration ("90d", "12h",
// "1h30m"; d is 24 hours, w 7 days), a date ("2027-01-31", the start of that day in UTC) or a
// time (RFC 3339, "2027-01-31T12:00:00Z"). The result is in UTC and must lie after now and
// within 100 years of it.
func ParseExpiry(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, fmt.Errorf("%w: empty; give a duration like 90d or 12h, or a date like 2027-01-31", ErrInvalidExpiry)
	}
	var at time.Time
	if d, ok := parseDays(s); ok {
		at = now.Add(d)
	} else if d, err := time.ParseDuration(s); err == nil {
		at = now.Add(d)
	} else if t, err := time.Parse(time.DateOnly, s); err == nil {
		at = t
	} else if t, err := time.Parse(time.RFC3339, s); err == nil {
		at = t
	} else {
		return time.Time{}, fmt.Errorf("%w %q: give a duration like 90d or 12h, a date like 2027-01-31 or a time like 2027-01-31T12:00:00Z", ErrInvalidExpiry, clip(s))
	}
	if !at.After(now) {
		return time.Time{}, fmt.Errorf("%w %q: it is not in the future", ErrInvalidExpiry, clip(s))
	}
	if at.Sub(now) > maxKeyLifetime {
		return time.Time{}, fmt.Errorf("%w %q: more than 100 years away (leave --expires out for a key that does not expire)", ErrInvalidExpiry, clip(s))
	}
	return at.UTC(), nil
}

// parseDays reads a whole number of days ("90d") or weeks ("2w").
func parseDays(s string) (time.Duration, bool) {
	unit := time.Duration(0)
	switch {
	case strings.HasSuffix(s, "d"):
		unit = 24 * time.Hour
	case strings.HasSuffix(s, "w"):
		unit = 7 * 24 * time.Hour
	default:
		return 0, false
	}
	n, err := strconv.Atoi(s[:len(s)-1])
	if err != nil || n < 0 || n > 100*366 {
		return 0, false
	}
	return time.Duration(n) * unit, true
}
