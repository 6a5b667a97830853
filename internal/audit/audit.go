// Package audit keeps a per-tenant, hash-chained log of everything the server does for a tenant:
// every request, tool call, approval, denial, injection detection and share.
//
// Each entry's hash covers its tenant, sequence number, time, actor, action, target, outcome,
// detail and the previous entry's hash; a head row holds the last sequence number and hash. Verify
// walks a tenant's chain and reports the first entry that was edited, removed, inserted or moved,
// and a head that does not match the last entry (entries cut from the end).
//
// What it does not stop: someone who can write the database and recompute every hash after an edit
// can rewrite the whole chain. Copy the heads elsewhere (paddock audit verify prints them) to catch
// that too.
package audit

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/paddock-dev/paddock/internal/store"
)

// hashVersion prefixes every hashed record so the encoding can change later.
const hashVersion = "paddock-audit-v1"

// Hash returns the hex SHA-256 of an entry's fields and its Prev, each length-prefixed so no two
// different entries encode the same way.
func Hash(e *store.AuditEntry) string {
	h := sha256.New()
	var n [binary.MaxVarintLen64]byte
	field := func(s string) {
		h.Write(n[:binary.PutUvarint(n[:], uint64(len(s)))])
		h.Write([]byte(s))
	}
	field(hashVersion)
	field(e.Tenant)
	field(strconv.FormatInt(e.Seq, 10))
	field(strconv.FormatInt(e.Time.UTC().UnixMicro(), 10))
	field(e.Actor)
	field(e.Action)
	field(e.Target)
	field(e.Outcome)
	field(e.Detail)
	field(e.Prev)
	return hex.EncodeToString(h.Sum(nil))
}

// ErrBroken is wrapped by every error Verify returns for a chain that does not hold.
var ErrBroken = errors.New("audit chain broken")

// Break says where and how a chain does not hold.
type Break struct {
	Tenant string
	Seq    int64 // the first entry found wrong (or the head's seq)
	Reason string
}

func (b *Break) Error() string {
	return fmt.Sprintf("%s: tenant %s, entry %d: %s", ErrBroken, b.Tenant, b.Seq, b.Reason)
}

// Unwrap lets errors.Is find ErrBroken.
func (b *Break) Unwrap() error { return ErrBroken }

// Reader is the part of one tenant's store Verify reads (*store.Scope).
type Reader interface {
	Name() string
	AuditEntries(ctx context.Context, after int64, limit int) ([]*store.AuditEntry, error)
	AuditHead(ctx context.Context) (store.AuditHead, error)
}

// Report is the result of verifying one tenant's chain.
type Report struct {
	Tenant  string
	Entries int64
	Head    store.AuditHead
}

// Verify checks a tenant's whole chain: sequence numbers from 1 without gaps, each Prev equal to the
// previous entry's hash, each hash recomputed, and the head equal to the last entry. A broken chain
// is a *Break (wrapping ErrBroken).
func Verify(ctx context.Context, r Reader) (Report, error) {
	tenant := r.Name()
	rep := Report{Tenant: tenant}
	head, err := r.AuditHead(ctx)
	if err != nil {
		return rep, err
	}
	rep.Head = head
	var prev string
	var seq int64
	const page = 1000
	for {
		es, err := r.AuditEntries(ctx, seq, page)
		if err != nil {
			return rep, err
		}
		for _, e := range es {
			switch {
			case e.Seq != seq+1:
				return rep, &Break{tenant, seq + 1, fmt.Sprintf("entry %d is missing (next stored is %d): entries were removed or moved", seq+1, e.Seq)}
			case e.Prev != prev:
				return rep, &Break{tenant, e.Seq, "its link to the entry before does not match: an entry before it was removed, inserted or reordered"}
			case Hash(e) != e.Hash:
				return rep, &Break{tenant, e.Seq, "its contents do not match its hash: the entry was edited"}
			}
			prev, seq = e.Hash, e.Seq
			rep.Entries++
		}
		if len(es) < page {
			break
		}
	}
	if head.Seq != seq || head.Hash != prev {
		return rep, &Break{tenant, head.Seq, fmt.Sprintf("the head says %d entries ending in %.12s, the log has %d ending in %.12s: entries were cut from the end or the head was edited",
			head.Seq, head.Hash, seq, prev)}
	}
	return rep, nil
}

// Appender is the part of the store the Log writes to.
type Appender interface {
	AppendAuditBatch(ctx context.Context, es []*store.AuditEntry, hash func(*store.AuditEntry) string) error
}

// Log appends entries with group commit: concurrent Appends (and AppendBatches) are written
// together in one transaction, and each returns only once its entries are committed. Safe for
// concurrent use.
type Log struct {
	st      Appender
	in      chan pending
	done    chan struct{}
	stopped chan struct{} // closed when the writer has returned
	closing sync.Once
	wg      sync.WaitGroup
}

// pending is one Append or AppendBatch: its entries are written in one transaction, in order.
type pending struct {
	es  []*store.AuditEntry
	err chan error
}

// maxBatch bounds the entries of one transaction (a single AppendBatch larger than it is written
// whole, on its own).
const maxBatch = 256

// NewLog starts a Log writing to st. Close stops it.
func NewLog(st Appender) *Log {
	l := &Log{st: st, in: make(chan pending, 1024), done: make(chan struct{}), stopped: make(chan struct{})}
	l.wg.Add(1)
	go l.writer()
	return l
}

// ErrClosed reports an Append after Close.
var ErrClosed = errors.New("audit: log closed")

// Append adds e to its tenant's chain and waits until it is committed (or ctx ends, in which case
// the entry may still be written).
func (l *Log) Append(ctx context.Context, e *store.AuditEntry) error {
	return l.AppendBatch(ctx, []*store.AuditEntry{e})
}

// AppendBatch adds es to their tenants' chains, in order and in one transaction (all or none),
// and waits until they are committed (or ctx ends, in which case they may still be written). A
// request that makes several entries waits for one commit instead of one per entry. An empty
// batch is a no-op.
func (l *Log) AppendBatch(ctx context.Context, es []*store.AuditEntry) error {
	if len(es) == 0 {
		return nil
	}
	now := time.Now().UTC()
	for _, e := range es {
		if e.Time.IsZero() {
			e.Time = now
		}
	}
	p := pending{es: es, err: make(chan error, 1)}
	select {
	case <-l.done:
		return ErrClosed
	default:
	}
	select {
	case l.in <- p:
	case <-l.done:
		return ErrClosed
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-p.err:
		return err
	case <-l.stopped:
		select {
		case err := <-p.err:
			return err
		default:
			return ErrClosed
		}
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (l *Log) writer() {
	defer l.wg.Done()
	defer close(l.stopped)
	for {
		var batch []pending
		select {
		case p := <-l.in:
			batch = append(batch, p)
		case <-l.done:
			// Drain what was queued before Close.
			for {
				select {
				case p := <-l.in:
					l.write([]pending{p})
				default:
					return
				}
			}
		}
		n := len(batch[0].es)
	fill:
		for n < maxBatch {
			select {
			case p := <-l.in:
				batch = append(batch, p)
				n += len(p.es)
			default:
				break fill
			}
		}
		l.write(batch)
	}
}

func (l *Log) write(batch []pending) {
	var es []*store.AuditEntry
	for _, p := range batch {
		es = append(es, p.es...)
	}
	err := l.st.AppendAuditBatch(context.Background(), es, Hash)
	if err != nil && len(batch) > 1 {
		// One bad entry (no tenant) must not lose the other callers' entries: write each
		// caller's batch on its own.
		for _, p := range batch {
			p.err <- l.st.AppendAuditBatch(context.Background(), p.es, Hash)
		}
		return
	}
	for _, p := range batch {
		p.err <- err
	}
}

// Close writes what is queued and stops the writer.
func (l *Log) Close() error {
	l.closing.Do(func() { close(l.done) })
	l.wg.Wait()
	return nil
}
