package tenant

import (
	"errors"
	"testing"
	"time"
)

func TestParseExpiry(t *testing.T) {
	now := time.Date(2026, 12, 4, 18, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		in   string
		want time.Time
	}{
		{"90d", now.Add(90 * 24 * time.Hour)},
		{"2w", now.Add(14 * 24 * time.Hour)},
		{"12h", now.Add(12 * time.Hour)},
		{" 1h30m ", now.Add(90 * time.Minute)},
		{"2027-01-31", time.Date(2027, 1, 31, 0, 0, 0, 0, time.UTC)},
		{"2027-01-31T12:00:00+01:00", time.Date(2027, 1, 31, 11, 0, 0, 0, time.UTC)},
	} {
		got, err := ParseExpiry(tc.in, now)
		if err != nil || !got.Equal(tc.want) || got.Location() != time.UTC {
			t.Errorf("ParseExpiry(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	for _, in := range []string{"", "soon", "-1h", "0s", "0d", "2020-01-01", "2026-12-04", "1000000h", "36600d", "1.5d", "d", "31/01/2027"} {
		if got, err := ParseExpiry(in, now); !errors.Is(err, ErrInvalidExpiry) {
			t.Errorf("ParseExpiry(%q) = %v, %v; want ErrInvalidExpiry", in, got, err)
		}
	}
}

// FuzzParseExpiry: any input is either refused or gives a time after now, within 100 years.
func FuzzParseExpiry(f *testing.F) {
	for _, s := range []string{"90d", "12h", "2027-01-31", "2027-01-31T12:00:00Z", "-5d", "9999999999d", "1e9h"} {
		f.Add(s)
	}
	now := time.Date(2026, 12, 4, 18, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseExpiry(s, now)
		if err != nil {
			if !errors.Is(err, ErrInvalidExpiry) {
				t.Fatalf("ParseExpiry(%q): %v is not ErrInvalidExpiry", s, err)
			}
			return
		}
		if !got.After(now) || got.Sub(now) > maxKeyLifetime {
			t.Fatalf("ParseExpiry(%q) = %v, outside (now, now+100y]", s, got)
		}
	})
}
