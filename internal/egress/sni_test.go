package egress

import (
	"crypto/tls"
	"io"
	"net"
	"strings"
	"testing"
	"time"
)

// clientHello captures the first flight of a Go TLS client for serverName.
func clientHello(t testing.TB, serverName string) []byte {
	t.Helper()
	c1, c2 := net.Pipe()
	defer c2.Close()
	go func() {
		tc := tls.Client(c1, &tls.Config{ServerName: serverName, InsecureSkipVerify: serverName == ""})
		tc.SetDeadline(time.Now().Add(2 * time.Second))
		tc.Handshake()
		c1.Close()
	}()
	c2.SetDeadline(time.Now().Add(2 * time.Second))
	buf := make([]byte, 0, 4096)
	tmp := make([]byte, 4096)
	for {
		n, err := c2.Read(tmp)
		buf = append(buf, tmp[:n]...)
		if _, complete, perr := parseClientHelloSNI(buf); complete || perr != nil || err != nil {
			return buf
		}
	}
}

func TestParseClientHelloSNI(t *testing.T) {
	for _, name := range []string{"example.com", "a.b.c.example.org", strings.Repeat("x", 63) + ".test"} {
		hello := clientHello(t, name)
		sni, complete, err := parseClientHelloSNI(hello)
		if err != nil || !complete || sni != name {
			t.Errorf("hello for %q: sni %q complete %v err %v", name, sni, complete, err)
		}
		// Every strict prefix is incomplete, never an error or a wrong name.
		for i := 0; i < len(hello); i++ {
			sni, complete, err := parseClientHelloSNI(hello[:i])
			if err != nil || complete {
				t.Fatalf("prefix %d/%d of hello for %q: sni %q complete %v err %v", i, len(hello), name, sni, complete, err)
			}
		}
		// The same hello split into two TLS records parses the same.
		body := hello[5:]
		cut := len(body) / 2
		split := append([]byte{0x16, 3, 1, byte(cut >> 8), byte(cut)}, body[:cut]...)
		rest := len(body) - cut
		split = append(split, 0x16, 3, 1, byte(rest>>8), byte(rest))
		split = append(split, body[cut:]...)
		if sni, complete, err := parseClientHelloSNI(split); err != nil || !complete || sni != name {
			t.Errorf("split hello for %q: sni %q complete %v err %v", name, sni, complete, err)
		}
	}
	// An IP address is not sent as a server name.
	if sni, complete, err := parseClientHelloSNI(clientHello(t, "")); err != nil || !complete || sni != "" {
		t.Errorf("hello without a name: sni %q complete %v err %v", sni, complete, err)
	}
	for _, bad := range [][]byte{
		{0x16, 3, 1, 0, 0},
		{0x16, 2, 0, 0, 4, 1, 0, 0, 0},
		{0x16, 3, 1, 0, 4, 2, 0, 0, 0}, // server_hello
		{0x16, 3, 1, 0, 4, 1, 0, 0, 0}, // empty client_hello body
		{0x17, 3, 3, 0, 1, 0},
	} {
		if _, _, err := parseClientHelloSNI(bad); err == nil {
			t.Errorf("parseClientHelloSNI(%x) accepted a malformed hello", bad)
		}
	}
}

// FuzzParseClientHelloSNI: the parser never panics, and a name it returns is
// bytes of its input.
func FuzzParseClientHelloSNI(f *testing.F) {
	f.Add(clientHello(f, "example.com"))
	f.Add(clientHello(f, ""))
	f.Add([]byte{0x16, 3, 1, 0, 4, 1, 0, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		sni, complete, err := parseClientHelloSNI(b)
		if sni != "" && (!complete || err != nil || !strings.Contains(string(b), sni)) {
			t.Fatalf("sni %q complete %v err %v from %x", sni, complete, err, b)
		}
	})
}

// TestTunnelPassesNonTLS: protocols where the server speaks first (SSH,
// SMTP) and plain bytes go through a tunnel untouched.
func TestTunnelPassesNonTLS(t *testing.T) {
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		io.WriteString(c, "SSH-2.0-test\r\n")
		io.Copy(c, c) // echo
	}()
	p := mustPolicy(t, "127.0.0.1:*").AllowPrivate(loopback)
	_, addr := startProxy(t, p, nil)
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(3 * time.Second))
	io.WriteString(conn, "CONNECT "+ln.Addr().String()+" HTTP/1.1\r\nHost: x\r\n\r\n")
	want := "HTTP/1.1 200 Connection Established\r\n\r\nSSH-2.0-test\r\n"
	got := make([]byte, len(want))
	if _, err := io.ReadFull(conn, got); err != nil || string(got) != want {
		t.Fatalf("server-first banner: %q, %v", got, err)
	}
	io.WriteString(conn, "hello")
	echo := make([]byte, 5)
	if _, err := io.ReadFull(conn, echo); err != nil || string(echo) != "hello" {
		t.Fatalf("echo: %q, %v", echo, err)
	}
}
