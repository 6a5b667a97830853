package guard

import (
	"encoding/base64"
	"encoding/hex"
	"net/url"
	"strings"
	"testing"
)

// Fake credentials in the real formats. None of them is live.
const (
	fakeOpenAI    = "sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0fGh3iJk6l"
	fakeOpenAIOld = "sk-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0fGh3iJk6l"
	fakeAnthropic = "sk-ant-api03-Zy9xWv8uTs7rQp6oNm5lKj4iHg3fEd2cBa1zYx0wVu9tSr8qPo7n-AAAA"
	fakeAWSID     = "AKIAIOSFODNN7EXAMPLE"
	fakeAWSSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	fakeGitHub    = "ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"
	fakeGitHubPAT = "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOP"
	fakeSlack     = "xoxb-1234567890-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx"
	fakeGoogleKey = "AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q"
	fakeJWT       = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"
	fakePEM       = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAx4Yd0f3AaBbCcDd\nEeFfGgHhIiJjKkLlMmNnOoPp==\n-----END RSA PRIVATE KEY-----"
)

func TestRedactTokenFormats(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"openai project key", "key=" + fakeOpenAI + " end", "key=[REDACTED:openai-key] end"},
		{"openai legacy key", `"` + fakeOpenAIOld + `"`, `"[REDACTED:openai-key]"`},
		{"anthropic key", "ANTHROPIC_API_KEY=" + fakeAnthropic, "ANTHROPIC_API_KEY=[REDACTED:anthropic-key]"},
		{"aws key pair", "aws_access_key_id = " + fakeAWSID + "\naws_secret_access_key = " + fakeAWSSecret + "\n",
			"aws_access_key_id = [REDACTED:aws-access-key]\naws_secret_access_key = [REDACTED:aws-secret-key]\n"},
		{"aws secret by keyword only", `{"SecretAccessKey": "` + fakeAWSSecret + `"}`, `{"SecretAccessKey": "[REDACTED:aws-secret-key]"}`},
		{"aws sts key", "ASIAY34FZKBOKMUTVV7A", "[REDACTED:aws-access-key]"},
		{"github token", "token " + fakeGitHub, "token [REDACTED:github-token]"},
		{"github fine-grained", fakeGitHubPAT, "[REDACTED:github-token]"},
		{"slack token", "SLACK=" + fakeSlack, "SLACK=[REDACTED:slack-token]"},
		{"google api key", "?key=" + fakeGoogleKey + "&q=1", "?key=[REDACTED:gcp-api-key]&q=1"},
		{"jwt", "token: " + fakeJWT, "token: [REDACTED:jwt]"},
		{"bearer jwt", "Authorization: Bearer " + fakeJWT, "Authorization: Bearer [REDACTED:bearer-token]"},
		{"pem key", "before\n" + fakePEM + "\nafter", "before\n[REDACTED:private-key]\nafter"},
		{"gcp service account json", `{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----\n", "client_email": "a@b.iam.gserviceaccount.com"}`,
			`{"type": "service_account", "private_key": "[REDACTED:private-key]\n", "client_email": "a@b.iam.gserviceaccount.com"}`},
		{"stripe", "STRIPE=sk_live_51HxYzAbCdEfGhIjKlMnOpQr", "STRIPE=[REDACTED:stripe-key]"},
		{"gitlab", "glpat-xYz123AbC456dEf789gHi0", "[REDACTED:gitlab-token]"},
		{"huggingface", "HF_TOKEN=hf_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789", "HF_TOKEN=[REDACTED:huggingface-token]"},
		{"slack webhook", "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX", "https://hooks.slack.com/services/[REDACTED:slack-webhook]"},
		{"truncated pem", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n", "[REDACTED:private-key]"},
	}
	r := NewRedactor()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, reds := r.Redact(tt.in)
			if got != tt.want {
				t.Errorf("Redact(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
			if len(reds) == 0 {
				t.Fatal("no redactions reported")
			}
			for _, rd := range reds {
				if rd.Start < 0 || rd.End > len(tt.in) || rd.Start >= rd.End {
					t.Errorf("bad span %+v", rd)
				}
			}
		})
	}
}

func TestRedactLeavesLookalikes(t *testing.T) {
	for _, in := range []string{
		"commit 3f786850e387550fdab836ed7e6dc881de23001b fixed it",
		"id 123e4567-e89b-12d3-a456-426614174000",
		"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
		"pip install sk-learn-contrib-imbalanced-learn-extras",
		"the AKIA prefix marks long-term keys; AKIAEXAMPLE is too short",
		"ghp_short and github_pat_short",
		"xoxo-hugs-and-kisses-from-grandma and glpat-placeholder-for-your-token",
		"hf_hub_download(repo_id=model) and rk_live_ docs and hooks.slack.com/services/",
		"Bearer <token> and Bearer YOUR_TOKEN_HERE",
		"eyJhbGciOiJub25lIn0 alone is not a token",
		"sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
		"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
		"-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----",
		// a 40-character base64 string with no AWS key nearby and no keyword
		"checksum wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
	} {
		if got, reds := NewRedactor().Redact(in); got != in || reds != nil {
			t.Errorf("Redact changed a look-alike:\n  in  %q\n  out %q", in, got)
		}
	}
}

func TestRedactConfiguredSecret(t *testing.T) {
	const secret = "canary-T3nantA-9f2c1e7d"
	r := NewRedactor(Secret{Name: "CANARY", Value: secret}, Secret{Name: "short", Value: "abc"})
	b64 := func(prefix string, enc *base64.Encoding) string {
		return enc.EncodeToString([]byte(prefix + secret + " trailing bytes"))
	}
	tests := []struct {
		name, in, form string
	}{
		{"literal", "the key is " + secret + ".", "literal"},
		{"base64 aligned", "payload " + b64("", base64.StdEncoding), "base64"},
		{"base64 offset 1", "payload " + b64("x", base64.StdEncoding), "base64"},
		{"base64 offset 2", "payload " + b64("xy", base64.StdEncoding), "base64"},
		{"base64 offset 4", "payload " + b64("abcd", base64.StdEncoding), "base64"},
		{"base64url", "u=" + b64("?>", base64.RawURLEncoding), "base64"},
		{"hex", "dump " + hex.EncodeToString([]byte("k="+secret)), "hex"},
		{"hex upper", "dump " + strings.ToUpper(hex.EncodeToString([]byte(secret))), "hex"},
		{"url query", "https://x.test/?k=" + url.QueryEscape(secret+"&x"), "literal"},
		{"percent all", "k=" + percentAll(secret), "url"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, reds := r.Redact(tt.in)
			if len(reds) == 0 || !strings.Contains(got, "[REDACTED:CANARY]") {
				t.Fatalf("secret not redacted: %q", got)
			}
			assertNoSecret(t, got, secret)
		})
	}
	if got := r.RedactString("abc abc"); got != "abc abc" {
		t.Errorf("a secret shorter than MinSecretLen was redacted: %q", got)
	}
}

func TestRedactURLEncodedSecret(t *testing.T) {
	const secret = "p@ss word/with+chars&more"
	r := NewRedactor(Secret{Name: "PW", Value: secret})
	for _, in := range []string{url.QueryEscape(secret), url.PathEscape(secret), percentAll(secret)} {
		got, reds := r.Redact("x=" + in)
		if got != "x=[REDACTED:PW]" || len(reds) != 1 || reds[0].Form != "url" {
			t.Errorf("Redact(%q) = %q %+v", in, got, reds)
		}
	}
}

// assertNoSecret fails when out still holds the secret in any form the Redactor looks for.
func assertNoSecret(t *testing.T, out, secret string) {
	t.Helper()
	forms := []string{secret, hex.EncodeToString([]byte(secret))}
	for a := 0; a < 3; a++ {
		if c := base64Core(secret, a); len(c) >= MinSecretLen {
			forms = append(forms, c)
		}
	}
	for _, f := range forms {
		if strings.Contains(out, f) {
			t.Fatalf("output still holds the secret (form %q): %q", f, out)
		}
	}
}

func TestRedactOverlapsMerge(t *testing.T) {
	secret := fakeOpenAI[5:30]
	r := NewRedactor(Secret{Name: "K", Value: secret})
	got, reds := r.Redact("x " + fakeOpenAI + " y")
	if got != "x [REDACTED:openai-key] y" || len(reds) != 1 {
		t.Errorf("got %q %+v", got, reds)
	}
}

func FuzzRedact(f *testing.F) {
	const secret = "S3cr3t-Value_42!"
	f.Add("prefix", "suffix", uint8(0))
	f.Add("", "", uint8(1))
	f.Add("AKIA", "eyJ", uint8(2))
	f.Add("-----BEGIN PRIVATE KEY-----", "sk-", uint8(3))
	r := NewRedactor(Secret{Name: "S", Value: secret})
	f.Fuzz(func(t *testing.T, prefix, suffix string, form uint8) {
		plain := prefix + secret + suffix
		var in string
		switch form % 4 {
		case 0:
			in = plain
		case 1:
			in = base64.StdEncoding.EncodeToString([]byte(plain))
		case 2:
			in = base64.RawURLEncoding.EncodeToString([]byte(plain))
		case 3:
			in = hex.EncodeToString([]byte(plain))
		}
		out, reds := r.Redact(in)
		assertNoSecret(t, out, secret)
		if form%4 == 1 || form%4 == 2 {
			for a := 0; a < 3; a++ {
				c := base64Core(secret, a)
				c2 := strings.NewReplacer("+", "-", "/", "_").Replace(c)
				if strings.Contains(out, c) || strings.Contains(out, c2) {
					t.Fatalf("base64 core left in %q", out)
				}
			}
		}
		prev := 0
		for _, rd := range reds {
			if rd.Start < prev || rd.End <= rd.Start || rd.End > len(in) {
				t.Fatalf("bad or overlapping span %+v in %d bytes", rd, len(in))
			}
			prev = rd.End
		}
		// Redact must also be safe on arbitrary text.
		_, _ = r.Redact(prefix)
	})
}
