package store

import "testing"

func TestDecisionKind(t *testing.T) {
	for _, tt := range []struct {
		d       Decision
		kind    Decision
		refused bool
	}{
		{AllowedBecause("continuous"), DecisionAllowed, false},
		{AllowedBecause("pre-approved"), DecisionAllowed, false},
		{DecisionUserAllowed, DecisionUserAllowed, false},
		{DecisionAlwaysAllowed, DecisionAlwaysAllowed, false},
		{DecisionUserRefused, DecisionUserRefused, true},
		{DecisionPolicyRefused, DecisionPolicyRefused, true},
		{DecisionInvalid, DecisionInvalid, false},
		{"allowed by someone else", "allowed by someone else", false},
	} {
		if got := tt.d.Kind(); got != tt.kind {
			t.Errorf("%q.Kind() = %q, want %q", tt.d, got, tt.kind)
		}
		if got := tt.d.Refused(); got != tt.refused {
			t.Errorf("%q.Refused() = %v", tt.d, got)
		}
	}
}
