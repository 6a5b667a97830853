package egress

import (
	"bufio"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/paddock-dev/paddock/internal/egress/egresstest"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// echo is what the test backend reports about the request it received.
type echo struct {
	Method, Path, Host string
	Header             http.Header
}

// newEchoServer starts a loopback backend that answers with what it received
// and counts requests.
func newEchoServer(t *testing.T, tlsToo bool) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var hits atomic.Int64
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Connection", "X-Secret-Hop")
		w.Header().Set("X-Secret-Hop", "leak")
		json.NewEncoder(w).Encode(echo{Method: r.Method, Path: r.URL.Path, Host: r.Host, Header: r.Header})
	})
	var srv *httptest.Server
	if tlsToo {
		srv = httptest.NewTLSServer(h)
	} else {
		srv = httptest.NewServer(h)
	}
	t.Cleanup(srv.Close)
	return srv, &hits
}

// startProxy serves a proxy on a loopback TCP listener.
func startProxy(t *testing.T, p Policy, res Resolver) (*Proxy, string) {
	t.Helper()
	px := NewProxy(p, ProxyOptions{Resolver: res, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	done := make(chan error, 1)
	go func() { done <- px.Serve(ln) }()
	t.Cleanup(func() {
		px.Close()
		if err := <-done; !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("Serve returned %v, want http.ErrServerClosed", err)
		}
	})
	return px, ln.Addr().String()
}

// proxyClient is an HTTP client that goes through the proxy at addr.
func proxyClient(addr string, roots *tls.Config) *http.Client {
	u := &url.URL{Scheme: "http", Host: addr}
	return &http.Client{
		Transport: &http.Transport{Proxy: http.ProxyURL(u), TLSClientConfig: roots, DisableKeepAlives: true},
		Timeout:   10 * time.Second,
	}
}

func decodeEcho(t *testing.T, resp *http.Response) echo {
	t.Helper()
	defer resp.Body.Close()
	var e echo
	if err := json.NewDecoder(resp.Body).Decode(&e); err != nil {
		t.Fatalf("decode echo: %v", err)
	}
	return e
}

func TestProxyForward(t *testing.T) {
	backend, hits := newEchoServer(t, false)
	port := portOf(t, backend.Listener.Addr().String())
	res := egresstest.NewResolver().Set("allowed.test", "127.0.0.1").Set("denied.test", "127.0.0.1").Set("private.test", "10.0.0.1")
	p := mustPolicy(t, "allowed.test:*", "private.test:*", "missing.test:*").AllowPrivate(netip.MustParsePrefix("127.0.0.1/32"))
	_, addr := startProxy(t, p, res)
	c := proxyClient(addr, nil)

	req, _ := http.NewRequest("GET", "http://allowed.test:"+port+"/page?q=1", nil)
	req.Header.Set("Connection", "X-Hop-Custom")
	req.Header.Set("X-Hop-Custom", "must not pass")
	req.Header.Set("Keep-Alive", "timeout=5")
	req.Header.Set("X-Ordinary", "passes")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("GET through proxy: %v", err)
	}
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if resp.Header.Get("X-Secret-Hop") != "" {
		t.Error("a hop-by-hop response header named in Connection was forwarded")
	}
	e := decodeEcho(t, resp)
	if e.Path != "/page" || e.Host != "allowed.test:"+port {
		t.Errorf("backend saw path %q host %q", e.Path, e.Host)
	}
	for _, h := range []string{"X-Hop-Custom", "Keep-Alive", "Proxy-Connection"} {
		if e.Header.Get(h) != "" {
			t.Errorf("hop-by-hop header %s was forwarded", h)
		}
	}
	if e.Header.Get("X-Ordinary") != "passes" {
		t.Error("an ordinary header was dropped")
	}
	if !strings.Contains(e.Header.Get("Via"), "paddock-egress-") {
		t.Errorf("Via = %q, want the proxy's token", e.Header.Get("Via"))
	}

	before := hits.Load()
	for _, tt := range []struct {
		url, want string
		status    int
	}{
		{"http://denied.test:" + port + "/", "add --allow-net denied.test:" + port, 403},
		{"http://127.0.0.1:" + port + "/", "not in the allowlist", 403},
		{"http://private.test:" + port + "/", "resolves to 10.0.0.1, a private address", 403},
		{"http://allowed.test:" + port + "@evil.test/", "not in the allowlist", 403},
		// Failures other than refusals do not describe the host's network.
		{"http://missing.test:" + port + "/", "cannot reach missing.test:" + port + ": no such host", 502},
	} {
		resp, err := c.Get(tt.url)
		if err != nil {
			t.Fatalf("GET %s: %v", tt.url, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.status || !strings.Contains(string(body), tt.want) || strings.Contains(string(body), "10.9.8.7") {
			t.Errorf("GET %s: %d %q, want %d containing %q", tt.url, resp.StatusCode, body, tt.status, tt.want)
		}
		if want := map[bool]string{true: "denied", false: "failed"}[tt.status == 403]; resp.Header.Get("X-Paddock-Egress") != want {
			t.Errorf("GET %s: X-Paddock-Egress %q, want %q", tt.url, resp.Header.Get("X-Paddock-Egress"), want)
		}
	}
	if hits.Load() != before {
		t.Error("a refused request reached the backend")
	}
}

// TestProxyCredentials is CVE-20: credentials set by sandbox code do not
// reach an allowlisted host unless the policy says they may.
func TestProxyCredentials(t *testing.T) {
	backend, _ := newEchoServer(t, false)
	port := portOf(t, backend.Listener.Addr().String())
	res := egresstest.NewResolver().Set("api.test", "127.0.0.1").Set("brokered.test", "127.0.0.1")
	p := mustPolicy(t, "api.test:*", "brokered.test:*").AllowPrivate(loopback)
	p, err := p.AllowCredentials("brokered.test:*")
	if err != nil {
		t.Fatal(err)
	}
	_, addr := startProxy(t, p, res)
	c := proxyClient(addr, nil)
	creds := map[string]string{
		"Authorization":  "Bearer attacker-key",
		"X-Api-Key":      "sk-ant-attacker",
		"Api-Key":        "azure-attacker",
		"X-Goog-Api-Key": "goog-attacker",
		"Cookie":         "session=attacker",
	}
	get := func(host string) echo {
		req, _ := http.NewRequest("POST", "http://"+host+":"+port+"/v1/upload", strings.NewReader("user data"))
		for k, v := range creds {
			req.Header.Set(k, v)
		}
		req.Header.Set("Proxy-Authorization", "Basic c2VjcmV0")
		resp, err := c.Do(req)
		if err != nil {
			t.Fatalf("POST %s: %v", host, err)
		}
		return decodeEcho(t, resp)
	}
	e := get("api.test")
	for k := range creds {
		if v := e.Header.Get(k); v != "" {
			t.Errorf("%s: %q reached a host not granted credentials", k, v)
		}
	}
	if e.Header.Get("Proxy-Authorization") != "" {
		t.Error("Proxy-Authorization was forwarded")
	}
	e = get("brokered.test")
	for k, v := range creds {
		if got := e.Header.Get(k); got != v {
			t.Errorf("%s = %q at a host granted credentials, want %q", k, got, v)
		}
	}
	if e.Header.Get("Proxy-Authorization") != "" {
		t.Error("Proxy-Authorization is hop-by-hop and must never be forwarded")
	}
}

func TestProxyConnect(t *testing.T) {
	backend, hits := newEchoServer(t, true)
	port := portOf(t, backend.Listener.Addr().String())
	// httptest's certificate names example.com.
	res := egresstest.NewResolver().Set("example.com", "127.0.0.1").Set("front.test", "127.0.0.1").Set("other.test", "127.0.0.1")
	p := mustPolicy(t, "example.com:"+port, "front.test:"+port, "other.test").AllowPrivate(loopback)
	_, addr := startProxy(t, p, res)
	tlsConf := backend.Client().Transport.(*http.Transport).TLSClientConfig.Clone()
	c := proxyClient(addr, tlsConf)

	resp, err := c.Get("https://example.com:" + port + "/secure")
	if err != nil {
		t.Fatalf("GET through CONNECT: %v", err)
	}
	if e := decodeEcho(t, resp); e.Path != "/secure" {
		t.Errorf("backend saw %q", e.Path)
	}
	before := hits.Load()
	// Denied host, and an allowed host on a port it is not allowed on.
	for _, target := range []string{"denied.test:" + port, "other.test:" + port, "127.0.0.1:" + port, "[::1]:" + port, "example.com:22", "example.com", "169.254.169.254:80"} {
		status, body := rawConnect(t, addr, target)
		if status != 403 && status != 400 {
			t.Errorf("CONNECT %s: status %d, want 403 or 400", target, status)
		}
		if !strings.Contains(body, "paddock egress proxy") {
			t.Errorf("CONNECT %s: body %q does not explain", target, body)
		}
	}

	// Fronting: CONNECT to an allowed name, TLS server name of another.
	fronted := tlsConf.Clone()
	fronted.ServerName = "secret.internal"
	_, err = proxyClient(addr, fronted).Get("https://front.test:" + port + "/fronted")
	if err == nil {
		t.Error("a TLS server name outside the allowlist passed through the tunnel")
	}
	// The same name as the CONNECT host, or another allowed one, passes.
	sameName := tlsConf.Clone()
	sameName.ServerName = "example.com"
	resp, err = proxyClient(addr, sameName).Get("https://front.test:" + port + "/allowed-sni")
	if err != nil {
		t.Errorf("allowed TLS server name refused: %v", err)
	} else {
		resp.Body.Close()
	}
	if got := hits.Load() - before; got != 1 {
		t.Errorf("backend served %d requests after the first, want 1 (only the allowed server name)", got)
	}
}

// rawConnect sends one CONNECT request and returns the status and body.
func rawConnect(t *testing.T, proxyAddr, target string) (int, string) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", proxyAddr, 5*time.Second)
	if err != nil {
		t.Fatalf("dial proxy: %v", err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	fmt.Fprintf(conn, "CONNECT %s HTTP/1.1\r\nHost: %s\r\n\r\n", target, target)
	resp, err := http.ReadResponse(bufio.NewReader(conn), &http.Request{Method: "CONNECT"})
	if err != nil {
		t.Fatalf("CONNECT %s: %v", target, err)
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	return resp.StatusCode, string(body)
}

// TestProxyRefusesItself: the proxy never serves requests addressed to
// itself, neither in origin form nor through an allowlisted loopback.
func TestProxyRefusesItself(t *testing.T) {
	p := mustPolicy(t, "127.0.0.1:*", "localhost:*").AllowPrivate(loopback)
	res := egresstest.NewResolver().Set("localhost", "127.0.0.1")
	_, addr := startProxy(t, p, res)
	port := portOf(t, addr)
	c := proxyClient(addr, nil)
	for _, u := range []string{"http://127.0.0.1:" + port + "/", "http://localhost:" + port + "/x"} {
		resp, err := c.Get(u)
		if err != nil {
			t.Fatalf("GET %s: %v", u, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 403 || !strings.Contains(string(body), "the egress proxy itself") {
			t.Errorf("GET %s through proxy: %d %q, want 403 naming the proxy itself", u, resp.StatusCode, body)
		}
	}
	if status, body := rawConnect(t, addr, "127.0.0.1:"+port); status != 403 || !strings.Contains(body, "the egress proxy itself") {
		t.Errorf("CONNECT to itself: %d %q", status, body)
	}
	// Origin-form requests are addressed to the proxy as a web server.
	resp, err := http.Get("http://" + addr + "/")
	if err != nil {
		t.Fatalf("direct GET: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 400 || !strings.Contains(string(body), "absolute form") {
		t.Errorf("direct GET: %d %q, want 400 explaining absolute form", resp.StatusCode, body)
	}
	// Schemes other than http are not forwarded.
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET ftp://127.0.0.1:%s/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", port)
	r, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	if r.StatusCode != 400 {
		t.Errorf("GET ftp:// = %d, want 400", r.StatusCode)
	}
}

func TestProxyLoopDetected(t *testing.T) {
	backend, _ := newEchoServer(t, false)
	port := portOf(t, backend.Listener.Addr().String())
	p := mustPolicy(t, "127.0.0.1:*").AllowPrivate(loopback)
	px, addr := startProxy(t, p, nil)
	c := proxyClient(addr, nil)
	req, _ := http.NewRequest("GET", "http://127.0.0.1:"+port+"/", nil)
	req.Header.Set("Via", "1.1 "+px.via)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusLoopDetected {
		t.Errorf("request carrying our Via: %d, want 508", resp.StatusCode)
	}
}

// TestProxyUnixSocket serves the proxy the way the sandbox does: on a unix
// socket.
func TestProxyUnixSocket(t *testing.T) {
	backend, _ := newEchoServer(t, false)
	port := portOf(t, backend.Listener.Addr().String())
	sock := filepath.Join(t.TempDir(), "egress.sock")
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatalf("listen unix: %v", err)
	}
	px := NewProxy(mustPolicy(t, "site.test:*").AllowPrivate(loopback), ProxyOptions{Resolver: egresstest.NewResolver().Set("site.test", "127.0.0.1")})
	go px.Serve(ln)
	defer px.Close()
	c := &http.Client{Transport: &http.Transport{
		Proxy: http.ProxyURL(&url.URL{Scheme: "http", Host: "proxy.invalid"}),
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", sock)
		},
	}}
	resp, err := c.Get("http://site.test:" + port + "/via-unix")
	if err != nil {
		t.Fatalf("GET via unix socket: %v", err)
	}
	if e := decodeEcho(t, resp); e.Path != "/via-unix" {
		t.Errorf("backend saw %q", e.Path)
	}
}

// TestProxyCloseEndsTunnels: Close tears down open CONNECT tunnels.
func TestProxyCloseEndsTunnels(t *testing.T) {
	up := newAcceptCounter(t)
	p := mustPolicy(t, "127.0.0.1:*").AllowPrivate(loopback)
	px := NewProxy(p, ProxyOptions{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go px.Serve(ln)
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "CONNECT 127.0.0.1:%s HTTP/1.1\r\nHost: x\r\n\r\n", up.port())
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, &http.Request{Method: "CONNECT"})
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("CONNECT: %v %v", resp, err)
	}
	var upConn net.Conn
	select {
	case upConn = <-up.accepted:
		defer upConn.Close()
	case <-time.After(2 * time.Second):
		t.Fatal("upstream saw no connection")
	}
	// Bytes flow both ways.
	io.WriteString(conn, "ping")
	buf := make([]byte, 4)
	upConn.SetDeadline(time.Now().Add(2 * time.Second))
	if _, err := io.ReadFull(upConn, buf); err != nil || string(buf) != "ping" {
		t.Fatalf("upstream read %q, %v", buf, err)
	}
	io.WriteString(upConn, "pong")
	conn.SetDeadline(time.Now().Add(2 * time.Second))
	if _, err := io.ReadFull(br, buf); err != nil || string(buf) != "pong" {
		t.Fatalf("client read %q, %v", buf, err)
	}
	px.Close()
	if _, err := br.ReadByte(); err == nil {
		t.Error("tunnel still open after Close")
	}
}

// TestProxyHostHeaderIgnored: the Host header cannot redirect a request to a
// name other than the checked one.
func TestProxyHostHeaderIgnored(t *testing.T) {
	backend, _ := newEchoServer(t, false)
	port := portOf(t, backend.Listener.Addr().String())
	res := egresstest.NewResolver().Set("allowed.test", "127.0.0.1")
	_, addr := startProxy(t, mustPolicy(t, "allowed.test:*").AllowPrivate(loopback), res)
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	fmt.Fprintf(conn, "GET http://allowed.test:%s/h HTTP/1.1\r\nHost: metadata.google.internal\r\nConnection: close\r\n\r\n", port)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	if e := decodeEcho(t, resp); e.Host != "allowed.test:"+port {
		t.Errorf("backend saw Host %q, want the checked allowed.test:%s", e.Host, port)
	}
}

// TestProxyResolvesPerRequest: each request is a fresh decision on a fresh
// answer; a rebinding DNS answer is refused on the request that gets it.
func TestProxyResolvesPerRequest(t *testing.T) {
	backend, hits := newEchoServer(t, false)
	port := portOf(t, backend.Listener.Addr().String())
	res := egresstest.NewResolver().Sequence("rebind.test", []string{"127.0.0.1"}, []string{"169.254.169.254"})
	px, addr := startProxy(t, mustPolicy(t, "rebind.test:*").AllowPrivate(loopback), res)
	c := proxyClient(addr, nil)
	resp, err := c.Get("http://rebind.test:" + port + "/1")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("first request: %v %v", resp, err)
	}
	resp.Body.Close()
	// A pooled upstream connection would be reused (it goes to the checked
	// address); drop it so that the next request dials and resolves again.
	px.transport.CloseIdleConnections()
	resp, err = c.Get("http://rebind.test:" + port + "/2")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 403 || !strings.Contains(string(body), "metadata") {
		t.Errorf("rebound request: %d %q, want 403 naming the metadata address", resp.StatusCode, body)
	}
	if hits.Load() != 1 {
		t.Errorf("backend hits %d, want 1", hits.Load())
	}
}

// TestProxyTunnelIdleTimeout: an idle tunnel is closed; one with traffic in
// either direction stays open.
func TestProxyTunnelIdleTimeout(t *testing.T) {
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				b := make([]byte, 1)
				if _, err := c.Read(b); err != nil || b[0] != 's' {
					io.Copy(io.Discard, c)
					return
				}
				// Stream one byte every 50ms for 600ms: server-side traffic only.
				for i := 0; i < 12; i++ {
					c.Write([]byte("."))
					time.Sleep(50 * time.Millisecond)
				}
			}()
		}
	}()
	px := NewProxy(mustPolicy(t, "127.0.0.1:*").AllowPrivate(loopback), ProxyOptions{
		IdleTimeout: 200 * time.Millisecond,
		Logger:      slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	pl, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go px.Serve(pl)
	defer px.Close()
	open := func() (net.Conn, *bufio.Reader) {
		conn, err := net.Dial("tcp", pl.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(conn, "CONNECT %s HTTP/1.1\r\nHost: x\r\n\r\n", ln.Addr())
		br := bufio.NewReader(conn)
		resp, err := http.ReadResponse(br, &http.Request{Method: "CONNECT"})
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("CONNECT: %v %v", resp, err)
		}
		return conn, br
	}

	idle, br := open()
	defer idle.Close()
	idle.SetDeadline(time.Now().Add(3 * time.Second))
	start := time.Now()
	if _, err := br.ReadByte(); err == nil {
		t.Fatal("read a byte from an idle tunnel")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("idle tunnel closed after %v, want about 200ms", d)
	}

	busy, br := open()
	defer busy.Close()
	busy.SetDeadline(time.Now().Add(3 * time.Second))
	io.WriteString(busy, "s")
	got, err := io.ReadAll(br)
	if len(got) != 12 {
		t.Errorf("streaming tunnel delivered %d bytes (%v), want 12: closed while the server was still sending", len(got), err)
	}
}

// TestProxyMaxConns: connections beyond MaxConns wait until one ends.
func TestProxyMaxConns(t *testing.T) {
	up := newAcceptCounter(t)
	px := NewProxy(mustPolicy(t, "127.0.0.1:*").AllowPrivate(loopback), ProxyOptions{
		MaxConns:    1,
		IdleTimeout: 500 * time.Millisecond,
		Logger:      slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	pl, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go px.Serve(pl)
	defer px.Close()
	connect := func() (net.Conn, chan error) {
		conn, err := net.Dial("tcp", pl.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() {
			conn.SetDeadline(time.Now().Add(5 * time.Second))
			fmt.Fprintf(conn, "CONNECT 127.0.0.1:%s HTTP/1.1\r\nHost: x\r\n\r\n", up.port())
			resp, err := http.ReadResponse(bufio.NewReader(conn), &http.Request{Method: "CONNECT"})
			if err == nil && resp.StatusCode != 200 {
				err = fmt.Errorf("status %d", resp.StatusCode)
			}
			done <- err
		}()
		return conn, done
	}
	first, done1 := connect()
	if err := <-done1; err != nil {
		t.Fatalf("first tunnel: %v", err)
	}
	second, done2 := connect()
	defer second.Close()
	select {
	case err := <-done2:
		t.Fatalf("second connection served while the first held the only slot: %v", err)
	case <-time.After(200 * time.Millisecond):
	}
	first.Close()
	select {
	case err := <-done2:
		if err != nil {
			t.Errorf("second tunnel: %v", err)
		}
	case <-time.After(3 * time.Second):
		t.Error("second connection not served after the first ended")
	}
}

func TestProxyRefuseCredentials(t *testing.T) {
	backend, hits := newEchoServer(t, false)
	port := portOf(t, backend.Listener.Addr().String())
	res := egresstest.NewResolver().Set("api.test", "127.0.0.1")
	px := NewProxy(mustPolicy(t, "api.test:*").AllowPrivate(loopback), ProxyOptions{
		Resolver: res, RefuseCredentials: true, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go px.Serve(ln)
	defer px.Close()
	c := proxyClient(ln.Addr().String(), nil)
	req, _ := http.NewRequest("GET", "http://api.test:"+port+"/", nil)
	req.Header.Set("X-Api-Key", "sk-attacker-secret")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 403 || !strings.Contains(string(body), "X-Api-Key") || strings.Contains(string(body), "sk-attacker") {
		t.Errorf("credentials with RefuseCredentials: %d %q, want 403 naming the header, not its value", resp.StatusCode, body)
	}
	if hits.Load() != 0 {
		t.Error("the refused request reached the backend")
	}
	// Without credentials the same request passes.
	resp, err = c.Get("http://api.test:" + port + "/")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("plain request: %v %v", resp, err)
	}
	resp.Body.Close()
}

// TestProxyDeniedSpellings: hosts spelling refused addresses are refused by
// the forward path and by CONNECT, and nothing reaches the backend.
func TestProxyDeniedSpellings(t *testing.T) {
	backend, hits := newEchoServer(t, false)
	port := portOf(t, backend.Listener.Addr().String())
	res := egresstest.NewResolver().Set("localhost", "127.0.0.1").Set("ⓛⓞⓒⓐⓛⓗⓞⓢⓣ", "127.0.0.1")
	_, addr := startProxy(t, mustPolicy(t, "*:*"), res)
	c := proxyClient(addr, nil)
	for _, h := range []string{
		"127.0.0.1", "127.0.0.1.", "0x7f000001", "2130706433", "0177.0.0.1", "127.1", "[::1]", "[::ffff:127.0.0.1]",
		"[::ffff:7f00:1]", "[64:ff9b::7f00:1]", "[2002:7f00:1::]", "localhost", "LOCALHOST.", "ⓛⓞⓒⓐⓛⓗⓞⓢⓣ",
	} {
		resp, err := c.Get("http://" + h + ":" + port + "/")
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 403 && resp.StatusCode != 400 {
				t.Errorf("GET via %s: %d %q, want refusal", h, resp.StatusCode, body)
			}
		}
		if status, _ := rawConnect(t, addr, h+":"+port); status != 403 && status != 400 {
			t.Errorf("CONNECT %s: %d, want 403 or 400", h, status)
		}
	}
	if hits.Load() != 0 {
		t.Errorf("backend reached %d times", hits.Load())
	}
}

// TestProxyStreams: a streamed response reaches the client as it is sent.
func TestProxyStreams(t *testing.T) {
	release := make(chan struct{})
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "data: first\n\n")
		w.(http.Flusher).Flush()
		<-release
		io.WriteString(w, "data: second\n\n")
	}))
	defer backend.Close()
	defer close(release)
	port := portOf(t, backend.Listener.Addr().String())
	_, addr := startProxy(t, mustPolicy(t, "127.0.0.1:*").AllowPrivate(loopback), nil)
	resp, err := proxyClient(addr, nil).Get("http://127.0.0.1:" + port + "/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	line, err := bufio.NewReader(resp.Body).ReadString('\n')
	if err != nil || line != "data: first\n" {
		t.Errorf("first event: %q, %v", line, err)
	}
}

// TestProxyCloseLeavesNoGoroutines: after Close, the proxy's goroutines
// (listener, connections, tunnels, upstream pool) are gone.
func TestProxyCloseLeavesNoGoroutines(t *testing.T) {
	backend, _ := newEchoServer(t, false)
	port := portOf(t, backend.Listener.Addr().String())
	up := newAcceptCounter(t)
	before := runtime.NumGoroutine()

	px := NewProxy(mustPolicy(t, "127.0.0.1:*").AllowPrivate(loopback), ProxyOptions{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan struct{})
	go func() { px.Serve(ln); close(served) }()
	tr := &http.Transport{Proxy: http.ProxyURL(&url.URL{Scheme: "http", Host: ln.Addr().String()})}
	resp, err := (&http.Client{Transport: tr}).Get("http://127.0.0.1:" + port + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(conn, "CONNECT 127.0.0.1:%s HTTP/1.1\r\nHost: x\r\n\r\n", up.port())
	if r, err := http.ReadResponse(bufio.NewReader(conn), &http.Request{Method: "CONNECT"}); err != nil || r.StatusCode != 200 {
		t.Fatalf("CONNECT: %v %v", r, err)
	}
	px.Close()
	<-served
	conn.Close()
	tr.CloseIdleConnections()
	deadline := time.Now().Add(3 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<16)
		t.Errorf("%d goroutines after Close, %d before:\n%s", n, before, buf[:runtime.Stack(buf, true)])
	}
}

// syncBuffer is a concurrency-safe log sink.
type syncBuffer struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestProxyLogsDecisionsNotSecrets: every decision is logged with its
// target, and credentials or query strings never are.
func TestProxyLogsDecisionsNotSecrets(t *testing.T) {
	backend, _ := newEchoServer(t, false)
	port := portOf(t, backend.Listener.Addr().String())
	var logs syncBuffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})).With("tenant", "t1", "agent", "a1")
	res := egresstest.NewResolver().Set("api.test", "127.0.0.1")
	px := NewProxy(mustPolicy(t, "api.test:*").AllowPrivate(loopback), ProxyOptions{Resolver: res, Logger: log})
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go px.Serve(ln)
	defer px.Close()
	c := proxyClient(ln.Addr().String(), nil)
	for _, u := range []string{"http://api.test:" + port + "/ok?token=SECRET-QUERY", "http://evil.test:" + port + "/x?token=SECRET-QUERY"} {
		req, _ := http.NewRequest("GET", u, nil)
		req.Header.Set("Authorization", "Bearer SECRET-HEADER")
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	out := logs.String()
	for _, want := range []string{
		"egress allowed", "target=http://api.test:" + port + "/ok",
		"egress denied", "target=http://evil.test:" + port + "/x",
		"removed sandbox-supplied credentials", "headers=[Authorization]",
		"tenant=t1", "agent=a1",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "SECRET") {
		t.Errorf("log contains a secret:\n%s", out)
	}
}
