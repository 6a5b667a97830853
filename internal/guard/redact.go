package guard

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/url"
	"sort"
	"strings"
)

// Secret is a value that must never reach the model, logs or API responses: the model API key, a
// tenant's credentials, a canary.
type Secret struct {
	Name  string // shown in the marker: [REDACTED:Name]; "secret" when empty. Never the value.
	Value string // at least MinSecretLen bytes; shorter values are ignored (they would match everywhere)
}

// MinSecretLen is the shortest configured secret value a Redactor looks for. Encoded forms are looked
// for only when their stable part is at least as long.
const MinSecretLen = 8

// Redaction says where a secret was found. It never holds the secret.
type Redaction struct {
	Kind  string `json:"kind"`           // a token format ("openai-key", "aws-access-key", "jwt"...) or a configured secret's name
	Form  string `json:"form,omitempty"` // for configured secrets: "literal", "base64", "base64url", "hex" or "url"
	Start int    `json:"start"`          // byte offsets of the redacted span in the input of Redact
	End   int    `json:"end"`
}

// Redactor replaces secrets in text with [REDACTED:kind]. It finds well-known token formats (OpenAI,
// Anthropic, AWS access keys and the secret keys written near them, GCP API keys and service-account
// private keys, GitHub, GitLab, Slack tokens and webhooks, Stripe, Hugging Face, PEM private keys,
// JWTs, bearer tokens) and the configured secrets,
// literally and in their base64 (standard and URL alphabets, all three byte alignments), hex and
// URL-encoded forms. A Redactor is safe for concurrent use.
type Redactor struct {
	lits []literal
}

type literal struct {
	pat  string
	name string
	form string
	b64  bool // a base64 core: extend the match over the partially encoded characters around it
	// anchor is the part of pat searched for (at offset anchorOff in pat): it starts at a rare
	// byte, so that the search skips ahead quickly in ordinary text.
	anchor    string
	anchorOff int
}

// byteCommonness ranks bytes by how often they occur in ordinary text and output (higher: more).
func byteCommonness(c byte) int {
	switch {
	case c == ' ':
		return 100
	case strings.IndexByte("etaoinsrhl", c) >= 0:
		return 50
	case c >= 'a' && c <= 'z', c == '\n':
		return 25
	case c >= '0' && c <= '9', strings.IndexByte(".,-/:_%=\"", c) >= 0:
		return 12
	case c >= 'A' && c <= 'Z':
		return 6
	}
	return 1
}

// anchorFor picks the window of pat (at most 32 bytes) that starts at its rarest byte.
func anchorFor(pat string) (string, int) {
	const window = 32
	if len(pat) <= window {
		best := 0
		for k := 1; k < len(pat); k++ {
			if byteCommonness(pat[k]) < byteCommonness(pat[best]) {
				best = k
			}
		}
		return pat[best:], best
	}
	best := 0
	for k := 1; k+window <= len(pat); k++ {
		if byteCommonness(pat[k]) < byteCommonness(pat[best]) {
			best = k
		}
	}
	return pat[best : best+window], best
}

// NewRedactor returns a Redactor for the well-known token formats and the given secrets.
func NewRedactor(secrets ...Secret) *Redactor {
	r := &Redactor{}
	seen := map[string]bool{}
	add := func(pat, name, form string, b64 bool) {
		if len(pat) < MinSecretLen || seen[pat] {
			return
		}
		seen[pat] = true
		anchor, off := anchorFor(pat)
		r.lits = append(r.lits, literal{pat: pat, name: name, form: form, b64: b64, anchor: anchor, anchorOff: off})
	}
	for _, s := range secrets {
		if len(s.Value) < MinSecretLen {
			continue
		}
		name := s.Name
		if name == "" {
			name = "secret"
		}
		v := s.Value
		add(v, name, "literal", false)
		for a := 0; a < 3; a++ {
			core := base64Core(v, a)
			add(core, name, "base64", true)
			add(strings.NewReplacer("+", "-", "/", "_").Replace(core), name, "base64url", true)
		}
		h := hex.EncodeToString([]byte(v))
		add(h, name, "hex", false)
		add(strings.ToUpper(h), name, "hex", false)
		add(url.QueryEscape(v), name, "url", false)
		add(url.PathEscape(v), name, "url", false)
		add(percentAll(v), name, "url", false)
	}
	// Longer patterns first, so that overlapping matches keep the most specific one.
	sort.SliceStable(r.lits, func(i, j int) bool { return len(r.lits[i].pat) > len(r.lits[j].pat) })
	return r
}

// base64Core returns the characters of the base64 encoding of v that depend only on v's bytes when
// v starts at byte offset a (mod 3) inside a larger encoded text.
func base64Core(v string, a int) string {
	buf := make([]byte, a+len(v))
	copy(buf[a:], v)
	enc := base64.RawStdEncoding.EncodeToString(buf)
	first := (8*a + 5) / 6
	last := 8 * (a + len(v)) / 6
	if last <= first {
		return ""
	}
	return enc[first:last]
}

func percentAll(v string) string {
	const digits = "0123456789ABCDEF"
	b := make([]byte, 0, 3*len(v))
	for i := 0; i < len(v); i++ {
		b = append(b, '%', digits[v[i]>>4], digits[v[i]&15])
	}
	return string(b)
}

// Redact returns s with every secret replaced by [REDACTED:kind], and where they were. When nothing
// is found it returns s itself and nil.
func (r *Redactor) Redact(s string) (string, []Redaction) {
	var found []Redaction
	add := func(start, end int, kind, form string) {
		found = append(found, Redaction{Kind: kind, Form: form, Start: start, End: end})
	}
	for _, l := range r.lits {
		for off := l.anchorOff; off < len(s); {
			i := strings.Index(s[off:], l.anchor)
			if i < 0 {
				break
			}
			start, end := off+i-l.anchorOff, off+i-l.anchorOff+len(l.pat)
			if end > len(s) || s[start:end] != l.pat {
				off += i + 1
				continue
			}
			if l.b64 {
				start, end = extendBase64(s, start, end)
			}
			add(start, end, l.name, l.form)
			off = end + l.anchorOff
		}
	}
	scanTokens(s, add)
	if len(found) == 0 {
		return s, nil
	}
	found = mergeRedactions(found)
	var b strings.Builder
	b.Grow(len(s))
	prev := 0
	for _, f := range found {
		b.WriteString(s[prev:f.Start])
		b.WriteString("[REDACTED:")
		b.WriteString(f.Kind)
		b.WriteByte(']')
		prev = f.End
	}
	b.WriteString(s[prev:])
	return b.String(), found
}

// RedactString is Redact without the positions, for logs and error messages.
func (r *Redactor) RedactString(s string) string {
	out, _ := r.Redact(s)
	return out
}

// mergeRedactions sorts spans and merges overlapping ones, keeping the kind of the first (longest
// when they start together).
func mergeRedactions(f []Redaction) []Redaction {
	sort.SliceStable(f, func(i, j int) bool {
		if f[i].Start != f[j].Start {
			return f[i].Start < f[j].Start
		}
		return f[i].End > f[j].End
	})
	out := f[:1]
	for _, x := range f[1:] {
		last := &out[len(out)-1]
		if x.Start < last.End {
			if x.End > last.End {
				last.End = x.End
			}
			continue
		}
		out = append(out, x)
	}
	return out
}

func isB64(c byte) bool {
	return isAlnum(c) || c == '+' || c == '/' || c == '-' || c == '_'
}

// extendBase64 widens a base64 core match over up to two partially encoded characters on each side
// and trailing padding.
func extendBase64(s string, start, end int) (int, int) {
	for k := 0; k < 2 && start > 0 && isB64(s[start-1]); k++ {
		start--
	}
	for k := 0; k < 2 && end < len(s) && isB64(s[end]); k++ {
		end++
	}
	for end < len(s) && s[end] == '=' {
		end++
	}
	return start, end
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }

// tokenStart marks bytes that can start a well-known token.
var tokenStart = [256]bool{'s': true, 'A': true, 'g': true, 'x': true, '-': true, 'e': true, 'B': true, 'b': true,
	'r': true, 'h': true, 'a': true, 'S': true}

// scanTokens finds well-known token formats in s.
func scanTokens(s string, add func(start, end int, kind, form string)) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !tokenStart[c] {
			continue
		}
		if c != '-' && i > 0 && (isAlnum(s[i-1]) || s[i-1] == '_') {
			continue
		}
		rest := s[i:]
		if c == 'a' || c == 'A' || c == 'S' || c == 's' {
			if n, ok := awsSecretKeyword(rest); ok {
				awsSecretNear(s, i+n, i+n+80, add)
				i += n - 1
				continue
			}
		}
		switch c {
		case 's', 'r':
			if strings.HasPrefix(rest, "sk_live_") || strings.HasPrefix(rest, "rk_live_") || strings.HasPrefix(rest, "sk_test_") {
				if end := runEnd(s, i+8, isAlnum); end-i-8 >= 20 {
					add(i, end, "stripe-key", "")
					i = end - 1
				}
			} else if c == 'r' {
				continue
			} else if strings.HasPrefix(rest, "sk-ant-") {
				if end := runEnd(s, i+7, isKeyChar); end-i-7 >= 32 && mixedCase(s[i+7:end]) {
					add(i, end, "anthropic-key", "")
					i = end - 1
				}
			} else if strings.HasPrefix(rest, "sk-") {
				if end := runEnd(s, i+3, isKeyChar); end-i-3 >= 20 && mixedCase(s[i+3:end]) {
					add(i, end, "openai-key", "")
					i = end - 1
				}
			}
		case 'A':
			if len(rest) >= 20 && (strings.HasPrefix(rest, "AKIA") || strings.HasPrefix(rest, "ASIA") ||
				strings.HasPrefix(rest, "ABIA") || strings.HasPrefix(rest, "ACCA")) {
				end := runEnd(s, i+4, func(c byte) bool { return isUpper(c) || c >= '0' && c <= '9' })
				if end-i == 20 && (end == len(s) || !isAlnum(s[end])) {
					add(i, end, "aws-access-key", "")
					awsSecretNear(s, i-300, end+300, add)
					i = end - 1
				}
			} else if strings.HasPrefix(rest, "AIza") {
				end := runEnd(s, i+4, isKeyChar)
				if end-i == 39 {
					add(i, end, "gcp-api-key", "")
					i = end - 1
				}
			}
		case 'g':
			if len(rest) > 4 && rest[0:2] == "gh" && rest[3] == '_' && strings.IndexByte("pousr", rest[2]) >= 0 {
				if end := runEnd(s, i+4, isAlnum); end-i-4 >= 36 {
					add(i, end, "github-token", "")
					i = end - 1
				}
			} else if strings.HasPrefix(rest, "glpat-") {
				if end := runEnd(s, i+6, isKeyChar); end-i-6 >= 20 && hasDigitAndLetter(s[i+6:end]) {
					add(i, end, "gitlab-token", "")
					i = end - 1
				}
			} else if strings.HasPrefix(rest, "github_pat_") {
				if end := runEnd(s, i+11, func(c byte) bool { return isAlnum(c) || c == '_' }); end-i-11 >= 22 {
					add(i, end, "github-token", "")
					i = end - 1
				}
			}
		case 'h':
			if strings.HasPrefix(rest, "hf_") {
				if end := runEnd(s, i+3, isAlnum); end-i-3 >= 30 && mixedCase(s[i+3:end]) {
					add(i, end, "huggingface-token", "")
					i = end - 1
				}
			} else if strings.HasPrefix(rest, "hooks.slack.com/services/") {
				start := i + len("hooks.slack.com/services/")
				if end := runEnd(s, start, func(c byte) bool { return isAlnum(c) || c == '/' }); end-start >= 20 {
					add(start, end, "slack-webhook", "")
					i = end - 1
				}
			}
		case 'x':
			if len(rest) > 5 && (strings.HasPrefix(rest, "xox") && strings.IndexByte("abposre", rest[3]) >= 0 && rest[4] == '-' ||
				strings.HasPrefix(rest, "xapp-")) {
				start := i + 5
				if end := runEnd(s, start, func(c byte) bool { return isAlnum(c) || c == '-' }); end-start >= 10 && hasDigitAndLetter(s[start:end]) {
					add(i, end, "slack-token", "")
					i = end - 1
				}
			}
		case '-':
			if strings.HasPrefix(rest, "-----BEGIN ") {
				if end, ok := pemPrivateKey(s, i); ok {
					add(i, end, "private-key", "")
					i = end - 1
				}
			}
		case 'e':
			if strings.HasPrefix(rest, "eyJ") {
				if end, ok := jwtEnd(s, i); ok {
					add(i, end, "jwt", "")
					i = end - 1
				}
			}
		case 'B', 'b':
			if len(rest) > 7 && strings.EqualFold(rest[:7], "bearer ") {
				start := i + 7
				end := runEnd(s, start, func(c byte) bool {
					return isAlnum(c) || strings.IndexByte("-._~+/=", c) >= 0
				})
				if end-start >= 20 && hasDigitAndLetter(s[start:end]) {
					add(start, end, "bearer-token", "")
					i = end - 1
				}
			}
		}
	}
}

// awsSecretKeyword reports whether rest starts with a name under which AWS secret keys are written.
func awsSecretKeyword(rest string) (int, bool) {
	for _, kw := range awsSecretKeywords {
		if strings.HasPrefix(rest, kw) {
			return len(kw), true
		}
	}
	return 0, false
}

var awsSecretKeywords = []string{
	"aws_secret_access_key", "AWS_SECRET_ACCESS_KEY", "SecretAccessKey", "secretAccessKey", "aws_secret_key",
	"AWS_SECRET_KEY", "secret_access_key",
}

// awsSecretNear redacts 40-character AWS secret access keys in s[from:to]: runs of exactly 40
// base64 characters with upper and lower case letters and a digit (so git SHAs and other hex never
// match).
func awsSecretNear(s string, from, to int, add func(start, end int, kind, form string)) {
	from, to = max(from, 0), min(to, len(s))
	isKeyByte := func(c byte) bool { return isAlnum(c) || c == '/' || c == '+' }
	for i := from; i < to; {
		if !isKeyByte(s[i]) || i > 0 && isKeyByte(s[i-1]) {
			i++
			continue
		}
		end := runEnd(s, i, isKeyByte)
		if end-i == 40 && (end == len(s) || s[end] != '=') && mixedCase(s[i:end]) {
			add(i, end, "aws-secret-key", "")
		}
		i = end
	}
}

func isKeyChar(c byte) bool { return isAlnum(c) || c == '_' || c == '-' }

func runEnd(s string, i int, ok func(byte) bool) int {
	for i < len(s) && ok(s[i]) {
		i++
	}
	return i
}

// mixedCase reports whether t has an upper-case letter, a lower-case letter and a digit, as random
// keys do and words, identifiers and hex do not.
func mixedCase(t string) bool {
	var up, low, dig bool
	for i := 0; i < len(t); i++ {
		c := t[i]
		up = up || c >= 'A' && c <= 'Z'
		low = low || c >= 'a' && c <= 'z'
		dig = dig || c >= '0' && c <= '9'
	}
	return up && low && dig
}

func hasDigitAndLetter(t string) bool {
	var let, dig bool
	for i := 0; i < len(t); i++ {
		let = let || t[i] >= 'a' && t[i] <= 'z' || t[i] >= 'A' && t[i] <= 'Z'
		dig = dig || t[i] >= '0' && t[i] <= '9'
	}
	return let && dig
}

// pemPrivateKey matches a PEM private key block starting at i ("-----BEGIN ... PRIVATE KEY-----"
// up to its END line), also inside JSON strings where newlines are written as \n. Without an END
// line, the base64 body that follows is redacted.
func pemPrivateKey(s string, i int) (int, bool) {
	head := s[i+len("-----BEGIN "):]
	e := strings.Index(head, "-----")
	if e < 0 || e > 40 || !strings.Contains(head[:e], "PRIVATE KEY") {
		return 0, false
	}
	bodyStart := i + len("-----BEGIN ") + e + 5
	if j := strings.Index(s[bodyStart:], "-----END "); j >= 0 {
		endLine := bodyStart + j + len("-----END ")
		if k := strings.Index(s[endLine:], "-----"); k >= 0 && k <= 40 {
			return endLine + k + 5, true
		}
		return endLine, true
	}
	end := runEnd(s, bodyStart, func(c byte) bool {
		return isAlnum(c) || strings.IndexByte("+/=\n\r\t \\", c) >= 0
	})
	return end, true
}

// jwtEnd matches a JSON Web Token starting at i: base64url header "." payload "." signature, whose
// header decodes to a JSON object with an "alg" member.
func jwtEnd(s string, i int) (int, bool) {
	isURL64 := func(c byte) bool { return isAlnum(c) || c == '-' || c == '_' }
	h := runEnd(s, i, isURL64)
	if h-i < 10 || h >= len(s) || s[h] != '.' {
		return 0, false
	}
	p := runEnd(s, h+1, isURL64)
	if p-h-1 < 2 || p >= len(s) || s[p] != '.' {
		return 0, false
	}
	sig := runEnd(s, p+1, isURL64)
	hdr, err := base64.RawURLEncoding.DecodeString(s[i:h])
	if err != nil {
		return 0, false
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(hdr, &m) != nil {
		return 0, false
	}
	if _, ok := m["alg"]; !ok {
		return 0, false
	}
	return sig, true
}
