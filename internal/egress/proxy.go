package egress

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/net/netutil"
)

// ProxyOptions configures NewProxy. The zero value is usable.
type ProxyOptions struct {
	// Resolver resolves destination names; net.DefaultResolver when nil.
	Resolver Resolver
	// Logger receives one record per decision, without header values or
	// query strings: refusals and removed credentials at Warn, allowed
	// requests and tunnels at Debug (enable Debug for a full egress log).
	// Add tenant and agent attributes with Logger.With. slog.Default() when
	// nil.
	Logger *slog.Logger
	// DialTimeout bounds resolving and connecting to a destination (15s when 0).
	DialTimeout time.Duration
	// IdleTimeout closes a CONNECT tunnel or a kept-alive client connection
	// after this long without traffic in either direction (5m when 0).
	IdleTimeout time.Duration
	// ReadHeaderTimeout bounds reading a request's header (30s when 0).
	ReadHeaderTimeout time.Duration
	// RefuseCredentials makes the proxy refuse (403) plain-HTTP requests that
	// carry credential headers for a destination not granted them by
	// Policy.AllowCredentials, instead of removing the headers and forwarding.
	RefuseCredentials bool
	// MaxConns bounds the client connections served at once per listener,
	// tunnels included, so a sandbox cannot exhaust the host's descriptors
	// (256 when 0). Further connections wait in the listen queue.
	MaxConns int
}

// credentialHeaders are request headers that carry credentials. The proxy
// removes them from plain-HTTP requests unless Policy.AllowCredentials names
// the destination.
var credentialHeaders = []string{
	"Authorization",
	"Proxy-Authorization",
	"X-Api-Key",
	"Api-Key",
	"X-Goog-Api-Key",
	"X-Auth-Token",
	"Cookie",
}

// hopHeaders are hop-by-hop headers (RFC 9110 section 7.6.1), meaningful only
// for a single connection and never forwarded.
var hopHeaders = []string{
	"Connection",
	"Proxy-Connection",
	"Keep-Alive",
	"Proxy-Authenticate",
	"Proxy-Authorization",
	"Te",
	"Trailer",
	"Transfer-Encoding",
	"Upgrade",
}

// Proxy is an HTTP forward proxy with CONNECT tunnelling that enforces a
// Policy on every request. It never serves content of its own: requests
// addressed to the proxy itself are refused.
type Proxy struct {
	policy    Policy
	dialer    *Dialer
	log       *slog.Logger
	opts      ProxyOptions
	via       string // this proxy's Via token, for loop detection
	srv       *http.Server
	transport *http.Transport

	mu      sync.Mutex
	selves  []netip.AddrPort // TCP addresses this proxy listens on
	tunnels map[net.Conn]struct{}
	closed  bool
}

// NewProxy returns a Proxy enforcing p. Serve it on one or more listeners.
func NewProxy(p Policy, o ProxyOptions) *Proxy {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.DialTimeout <= 0 {
		o.DialTimeout = 15 * time.Second
	}
	if o.IdleTimeout <= 0 {
		o.IdleTimeout = 5 * time.Minute
	}
	if o.ReadHeaderTimeout <= 0 {
		o.ReadHeaderTimeout = 30 * time.Second
	}
	if o.MaxConns <= 0 {
		o.MaxConns = 256
	}
	var id [6]byte
	_, _ = rand.Read(id[:])
	px := &Proxy{
		policy:  p,
		dialer:  p.Dialer(o.Resolver),
		log:     o.Logger.With("component", "egress-proxy"),
		opts:    o,
		via:     "paddock-egress-" + hex.EncodeToString(id[:]),
		tunnels: make(map[net.Conn]struct{}),
	}
	px.dialer.selfDenial = px.selfDenial
	px.transport = &http.Transport{
		Proxy:                  nil, // never chain to the host's proxy settings
		DialContext:            px.dialContext,
		DisableCompression:     true, // pass bodies through untouched
		MaxIdleConns:           32,
		IdleConnTimeout:        90 * time.Second,
		MaxResponseHeaderBytes: 1 << 20,
		ResponseHeaderTimeout:  2 * time.Minute,
	}
	px.srv = &http.Server{
		Handler:           px,
		ReadHeaderTimeout: o.ReadHeaderTimeout,
		IdleTimeout:       o.IdleTimeout,
		MaxHeaderBytes:    1 << 20,
		ErrorLog:          slog.NewLogLogger(px.log.Handler(), slog.LevelWarn),
	}
	return px
}

// Serve accepts connections on l and serves them until Close. It returns
// http.ErrServerClosed after Close.
func (px *Proxy) Serve(l net.Listener) error {
	if px == nil || px.srv == nil {
		return errors.New("egress: Proxy not created by NewProxy")
	}
	if ap, err := netip.ParseAddrPort(l.Addr().String()); err == nil && l.Addr().Network() == "tcp" {
		px.mu.Lock()
		px.selves = append(px.selves, netip.AddrPortFrom(ap.Addr().Unmap(), ap.Port()))
		px.mu.Unlock()
	}
	return px.srv.Serve(netutil.LimitListener(l, px.opts.MaxConns))
}

// Close stops the listeners and closes every connection, tunnels included.
func (px *Proxy) Close() error {
	if px == nil || px.srv == nil {
		return nil
	}
	px.mu.Lock()
	px.closed = true
	for c := range px.tunnels {
		c.Close()
	}
	px.mu.Unlock()
	err := px.srv.Close()
	px.transport.CloseIdleConnections()
	return err
}

// selfDenial refuses connections to the proxy's own listening addresses, so
// that an allowlisted loopback cannot be used to talk to the proxy through
// itself.
func (px *Proxy) selfDenial(ap netip.AddrPort) string {
	px.mu.Lock()
	defer px.mu.Unlock()
	a := ap.Addr().Unmap()
	for _, s := range px.selves {
		if s.Port() != ap.Port() {
			continue
		}
		if s.Addr() == a || (s.Addr().IsUnspecified() && (a.IsLoopback() || a.IsUnspecified())) {
			return "the egress proxy itself"
		}
	}
	return ""
}

// dialContext dials for the plain-HTTP transport with the dial timeout.
func (px *Proxy) dialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	ctx, cancel := context.WithTimeout(ctx, px.opts.DialTimeout)
	defer cancel()
	return px.dialer.DialContext(ctx, network, addr)
}

// ServeHTTP implements http.Handler.
func (px *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if px.isLoop(r) {
		px.refuse(w, r, http.StatusLoopDetected, "request loop: it already passed through this proxy")
		return
	}
	if r.Method == http.MethodConnect {
		px.serveConnect(w, r)
		return
	}
	px.serveForward(w, r)
}

// isLoop reports whether r already carries this proxy's Via token.
func (px *Proxy) isLoop(r *http.Request) bool {
	for _, v := range r.Header.Values("Via") {
		if strings.Contains(v, px.via) {
			return true
		}
	}
	return false
}

// refuse writes a plain-text refusal naming the reason and logs it.
func (px *Proxy) refuse(w http.ResponseWriter, r *http.Request, status int, msg string) {
	px.log.Warn("egress denied", "method", r.Method, "target", logTarget(r), "status", status, "reason", msg)
	px.writeRefusal(w, status, "denied", msg)
}

// refuseErr answers a failed dial or exchange. Policy refusals are shown in
// full (they say how to allow the destination); other failures are shown by
// kind only, since their details describe the host's network (its resolver's
// address, its routes) to the sandbox. The log keeps the details.
func (px *Proxy) refuseErr(w http.ResponseWriter, r *http.Request, target string, err error) {
	if errors.Is(err, ErrDenied) {
		px.refuse(w, r, http.StatusForbidden, err.Error())
		return
	}
	status := statusFor(err)
	var msg string
	{
		var dnsErr *net.DNSError
		var ne net.Error
		switch {
		case errors.As(err, &dnsErr) && dnsErr.IsNotFound:
			msg = fmt.Sprintf("cannot reach %s: no such host", target)
		case errors.As(err, &dnsErr):
			msg = fmt.Sprintf("cannot reach %s: name resolution failed", target)
		case errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout():
			status = http.StatusGatewayTimeout
			msg = fmt.Sprintf("cannot reach %s: timed out", target)
		case errors.Is(err, syscall.ECONNREFUSED):
			msg = fmt.Sprintf("cannot reach %s: connection refused", target)
		default:
			msg = fmt.Sprintf("cannot reach %s: connection failed", target)
		}
	}
	px.log.Warn("egress failed", "method", r.Method, "target", logTarget(r), "status", status, "err", err)
	px.writeRefusal(w, status, "failed", msg)
}

// writeRefusal writes the proxy's own answer; outcome ("denied" or "failed")
// goes in the X-Paddock-Egress header.
func (px *Proxy) writeRefusal(w http.ResponseWriter, status int, outcome, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Paddock-Egress", outcome)
	w.Header().Set("Connection", "close")
	w.WriteHeader(status)
	fmt.Fprintf(w, "paddock egress proxy: %s\n", msg)
}

// logTarget renders where r goes, without query string or user info.
func logTarget(r *http.Request) string {
	if r.Method == http.MethodConnect {
		return r.Host
	}
	if r.URL == nil {
		return ""
	}
	path := r.URL.EscapedPath()
	if len(path) > 200 {
		path = path[:200] + "..."
	}
	return r.URL.Scheme + "://" + r.URL.Host + path
}

// statusFor maps a dial error to the proxy's response status.
func statusFor(err error) int {
	switch {
	case errors.Is(err, ErrDenied):
		return http.StatusForbidden
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusGatewayTimeout
	}
	return http.StatusBadGateway
}

// serveConnect opens a tunnel to an allowed host:port. The proxy checks the
// destination but cannot see inside the tunnel (TLS): headers there are the
// client's business.
func (px *Proxy) serveConnect(w http.ResponseWriter, r *http.Request) {
	host, portText, err := net.SplitHostPort(r.Host)
	if err != nil {
		px.refuse(w, r, http.StatusBadRequest, "CONNECT needs host:port")
		return
	}
	port, err := parsePort(portText)
	if err != nil {
		px.refuse(w, r, http.StatusBadRequest, "CONNECT: "+err.Error())
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), px.opts.DialTimeout)
	upstream, ap, err := px.dialer.dialChecked(ctx, "tcp", net.JoinHostPort(host, strconv.Itoa(port)))
	cancel()
	if err != nil {
		px.refuseErr(w, r, net.JoinHostPort(host, portText), err)
		return
	}
	hj, ok := w.(http.Hijacker)
	if !ok {
		upstream.Close()
		px.refuse(w, r, http.StatusInternalServerError, "connection cannot be hijacked")
		return
	}
	client, buf, err := hj.Hijack()
	if err != nil {
		upstream.Close()
		px.log.Warn("egress: hijack failed", "err", err)
		return
	}
	if !px.track(client, upstream) {
		client.Close()
		upstream.Close()
		return
	}
	defer px.untrack(client, upstream)
	px.log.Debug("egress allowed", "method", r.Method, "target", r.Host, "addr", ap.String())
	_ = client.SetWriteDeadline(time.Now().Add(30 * time.Second))
	if _, err := io.WriteString(client, "HTTP/1.1 200 Connection Established\r\n\r\n"); err != nil {
		return
	}
	_ = client.SetWriteDeadline(time.Time{})
	px.tunnel(client, buf.Reader, upstream, port)
}

// track registers tunnel connections so Close can end them; it reports false
// if the proxy is already closed.
func (px *Proxy) track(conns ...net.Conn) bool {
	px.mu.Lock()
	defer px.mu.Unlock()
	if px.closed {
		return false
	}
	for _, c := range conns {
		px.tunnels[c] = struct{}{}
	}
	return true
}

func (px *Proxy) untrack(conns ...net.Conn) {
	px.mu.Lock()
	defer px.mu.Unlock()
	for _, c := range conns {
		c.Close()
		delete(px.tunnels, c)
	}
}

// halfCloseGrace is how long a tunnel stays open after one side finished
// sending, while the other side is silent.
const halfCloseGrace = 5 * time.Second

// tunnel copies bytes both ways until both directions end or the tunnel has
// been idle (no bytes either way) for IdleTimeout. If the client starts TLS,
// the server name in its ClientHello must be allowed by the policy too, so an
// allowlisted host on a shared front (a CDN) cannot be used to reach another
// name behind it.
func (px *Proxy) tunnel(client net.Conn, clientBuf *bufio.Reader, upstream net.Conn, port int) {
	var last atomic.Int64
	last.Store(time.Now().UnixNano())
	idle := px.opts.IdleTimeout
	// After one side has finished sending, the other may still answer, but
	// only while it keeps sending: a peer that closed without a clean
	// shutdown must not hold the tunnel (and a MaxConns slot) for IdleTimeout.
	grace := min(idle, halfCloseGrace)
	var halfClosed atomic.Bool
	closeBoth := func() {
		client.Close()
		upstream.Close()
	}
	// read reads from r (whose underlying conn is src), waiting as long as
	// either direction has carried traffic within the idle timeout.
	read := func(src net.Conn, r io.Reader, buf []byte) (int, error) {
		for {
			limit := idle
			if halfClosed.Load() {
				limit = grace
			}
			_ = src.SetReadDeadline(time.Now().Add(limit))
			n, err := r.Read(buf)
			if n > 0 {
				last.Store(time.Now().UnixNano())
			}
			var ne net.Error
			if n == 0 && err != nil && errors.As(err, &ne) && ne.Timeout() &&
				!halfClosed.Load() && time.Since(time.Unix(0, last.Load())) < idle {
				continue // the other direction is active
			}
			if n == 0 && err != nil && errors.As(err, &ne) && ne.Timeout() &&
				halfClosed.Load() && time.Since(time.Unix(0, last.Load())) < grace {
				continue
			}
			return n, err
		}
	}
	write := func(dst net.Conn, b []byte) bool {
		_ = dst.SetWriteDeadline(time.Now().Add(idle))
		_, err := dst.Write(b)
		return err == nil
	}
	pipe := func(dst, src net.Conn, r io.Reader, pending []byte) {
		if len(pending) > 0 && !write(dst, pending) {
			closeBoth()
			return
		}
		buf := make([]byte, 32<<10)
		for {
			n, err := read(src, r, buf)
			if n > 0 && !write(dst, buf[:n]) {
				closeBoth()
				return
			}
			if err != nil {
				if errors.Is(err, io.EOF) && !halfClosed.Swap(true) {
					if cw, ok := dst.(interface{ CloseWrite() error }); ok {
						_ = cw.CloseWrite()
						// Wake the other direction's read to apply the grace.
						_ = dst.SetReadDeadline(time.Now().Add(grace))
						return
					}
				}
				closeBoth()
				return
			}
		}
	}
	var fromClient io.Reader = client
	if clientBuf != nil && clientBuf.Buffered() > 0 {
		fromClient = io.MultiReader(io.LimitReader(clientBuf, int64(clientBuf.Buffered())), client)
	}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		pipe(client, upstream, upstream, nil)
	}()
	go func() {
		defer wg.Done()
		hello, ok := px.checkServerName(client, fromClient, port, read)
		if !ok {
			closeBoth()
			return
		}
		pipe(upstream, client, fromClient, hello)
	}()
	wg.Wait()
}

// checkServerName reads the client's first bytes; if they start a TLS
// ClientHello, the server name in it must pass the policy for port. It
// returns the bytes read (to forward) and whether the tunnel may go on.
func (px *Proxy) checkServerName(client net.Conn, r io.Reader, port int, read func(net.Conn, io.Reader, []byte) (int, error)) ([]byte, bool) {
	var hello []byte
	buf := make([]byte, 4096)
	for {
		n, err := read(client, r, buf)
		hello = append(hello, buf[:n]...)
		if len(hello) > 0 && !looksLikeTLS(hello) {
			return hello, true // not TLS: nothing to check
		}
		if len(hello) > 0 {
			sni, complete, perr := parseClientHelloSNI(hello)
			if perr != nil {
				px.log.Warn("egress denied", "reason", "malformed TLS ClientHello in tunnel")
				return nil, false
			}
			if complete {
				if sni == "" {
					return hello, true
				}
				if derr := px.policy.CheckHost(sni, port); derr != nil {
					px.log.Warn("egress denied", "reason", "TLS server name differs from an allowed host", "sni", sni, "err", derr)
					return nil, false
				}
				return hello, true
			}
			if len(hello) > maxClientHello {
				return nil, false
			}
		}
		if err != nil {
			// Bytes that are not TLS pass on; an unfinished hello does not.
			return hello, !looksLikeTLS(hello)
		}
	}
}

// serveForward forwards a plain-HTTP request in absolute form.
func (px *Proxy) serveForward(w http.ResponseWriter, r *http.Request) {
	if r.URL == nil || !r.URL.IsAbs() || r.URL.Host == "" {
		px.refuse(w, r, http.StatusBadRequest, "this is an egress proxy and serves nothing itself; send requests in absolute form (http://host/path) or use CONNECT")
		return
	}
	if !strings.EqualFold(r.URL.Scheme, "http") {
		px.refuse(w, r, http.StatusBadRequest, fmt.Sprintf("scheme %q cannot be forwarded: use CONNECT for https, nothing else is allowed", r.URL.Scheme))
		return
	}
	if r.URL.User != nil {
		px.refuse(w, r, http.StatusForbidden, "URLs with user info are not allowed")
		return
	}
	port := 80
	if ps := r.URL.Port(); ps != "" {
		n, err := parsePort(ps)
		if err != nil {
			px.refuse(w, r, http.StatusBadRequest, err.Error())
			return
		}
		port = n
	}
	name, ip, derr := px.policy.checkHost(r.URL.Hostname(), port)
	if derr != nil {
		px.refuse(w, r, http.StatusForbidden, derr.Error())
		return
	}

	out := r.Clone(r.Context())
	out.RequestURI = ""
	out.Host = "" // the Host header is the URL's host: the one that was checked
	out.Close = false
	removeHopHeaders(out.Header)
	if !px.policy.credentialsAllowed(name, ip, port) {
		var stripped []string
		for _, h := range credentialHeaders {
			if _, ok := out.Header[h]; ok {
				stripped = append(stripped, h)
				out.Header.Del(h)
			}
		}
		if len(stripped) > 0 && px.opts.RefuseCredentials {
			de := &DenyError{Host: r.URL.Hostname(), Port: port, Rule: RuleCredentials,
				Reason: fmt.Sprintf("request carries credentials (%s) for a host not granted them; credentials are provided by the host, not the sandbox", strings.Join(stripped, ", "))}
			px.refuse(w, r, http.StatusForbidden, de.Error())
			return
		}
		if len(stripped) > 0 {
			// Only header names are logged, never their values.
			px.log.Warn("egress: removed sandbox-supplied credentials", "target", logTarget(r), "headers", stripped)
		}
	}
	out.Header.Add("Via", "1.1 "+px.via)
	if _, ok := out.Header["User-Agent"]; !ok {
		out.Header.Set("User-Agent", "") // do not let Go add its own
	}

	resp, err := px.transport.RoundTrip(out)
	if err != nil {
		px.refuseErr(w, r, r.URL.Host, err)
		return
	}
	defer resp.Body.Close()
	px.log.Debug("egress allowed", "method", r.Method, "target", logTarget(r), "status", resp.StatusCode)
	removeHopHeaders(resp.Header)
	for k, vs := range resp.Header {
		w.Header()[k] = vs
	}
	w.WriteHeader(resp.StatusCode)
	copyFlushing(w, resp.Body)
}

// copyFlushing copies a response body to w, flushing after each read so that
// streamed responses (server-sent events, progress) are not held back.
func copyFlushing(w http.ResponseWriter, body io.Reader) {
	rc := http.NewResponseController(w)
	buf := make([]byte, 32<<10)
	for {
		n, err := body.Read(buf)
		if n > 0 {
			if _, werr := w.Write(buf[:n]); werr != nil {
				return
			}
			_ = rc.Flush()
		}
		if err != nil {
			return
		}
	}
}

// removeHopHeaders deletes hop-by-hop headers, including those named in
// Connection.
func removeHopHeaders(h http.Header) {
	for _, v := range h.Values("Connection") {
		for _, name := range strings.Split(v, ",") {
			if name = strings.TrimSpace(name); name != "" {
				h.Del(name)
			}
		}
	}
	for _, name := range hopHeaders {
		h.Del(name)
	}
}
