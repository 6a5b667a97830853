package sandbox

import (
	"github.com/paddock-dev/paddock/internal/sandbox/stage"

	"fmt"
	"log/slog"
	"net"
	"os"
	"runtime"

	"golang.org/x/sys/unix"

	"github.com/paddock-dev/paddock/internal/egress"
)

// serveProxy creates a listening socket on 127.0.0.1:stage.ProxyPort inside the
// network namespace of process pid and serves the egress proxy on it from
// this (host) process. The proxy's outbound connections are made from the
// host's namespace; the sandbox only ever talks to this one socket. No
// bridge process, unix socket or file exists inside the sandbox that the
// command could tamper with.
func serveProxy(pid int, pol *egress.Policy, logger *slog.Logger) (stop func(), err error) {
	ln, err := listenInNetns(pid, stage.ProxyPort)
	if err != nil {
		return nil, err
	}
	px := egress.NewProxy(*pol, egress.ProxyOptions{Logger: logger})
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = px.Serve(ln)
	}()
	return func() {
		_ = px.Close()
		_ = ln.Close()
		<-done
	}, nil
}

// listenInNetns enters pid's network namespace on a dedicated OS thread,
// brings loopback up, binds and listens, and returns to the host namespace.
// If the return fails, the thread stays locked and dies with its goroutine,
// so no other goroutine ever runs in the wrong namespace.
func listenInNetns(pid, port int) (net.Listener, error) {
	type result struct {
		ln  net.Listener
		err error
	}
	ch := make(chan result, 1)
	go func() {
		runtime.LockOSThread()
		ln, restored, err := listenOnThisThread(pid, port)
		if restored {
			runtime.UnlockOSThread()
		}
		ch <- result{ln, err}
	}()
	r := <-ch
	return r.ln, r.err
}

func listenOnThisThread(pid, port int) (ln net.Listener, restored bool, err error) {
	self, err := unix.Open("/proc/thread-self/ns/net", unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, true, fmt.Errorf("opening own network namespace: %w", err)
	}
	defer unix.Close(self)
	target, err := unix.Open(fmt.Sprintf("/proc/%d/ns/net", pid), unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, true, fmt.Errorf("opening the sandbox's network namespace: %w", err)
	}
	defer unix.Close(target)
	if err := unix.Setns(target, unix.CLONE_NEWNET); err != nil {
		return nil, true, fmt.Errorf("entering the sandbox's network namespace: %w", err)
	}
	fd, lerr := listenLoopback(port)
	if err := unix.Setns(self, unix.CLONE_NEWNET); err != nil {
		if fd >= 0 {
			unix.Close(fd)
		}
		return nil, false, fmt.Errorf("returning to the host network namespace: %w", err)
	}
	if lerr != nil {
		return nil, true, lerr
	}
	f := os.NewFile(uintptr(fd), "proxy-listener")
	defer f.Close()
	ln, err = net.FileListener(f)
	if err != nil {
		return nil, true, fmt.Errorf("proxy listener: %w", err)
	}
	return ln, true, nil
}

// listenLoopback runs inside the sandbox's namespace.
func listenLoopback(port int) (int, error) {
	if err := stage.LoopbackUp(); err != nil {
		return -1, fmt.Errorf("loopback up: %w", err)
	}
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC|unix.SOCK_NONBLOCK, 0)
	if err != nil {
		return -1, fmt.Errorf("proxy socket: %w", err)
	}
	if err := unix.Bind(fd, &unix.SockaddrInet4{Port: port, Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		unix.Close(fd)
		return -1, fmt.Errorf("binding 127.0.0.1:%d in the sandbox: %w", port, err)
	}
	if err := unix.Listen(fd, 128); err != nil {
		unix.Close(fd)
		return -1, fmt.Errorf("listen: %w", err)
	}
	return fd, nil
}
