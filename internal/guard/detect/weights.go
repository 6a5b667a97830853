package detect

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// ErrBadWeights is returned by Load for a weights file it cannot use.
var ErrBadWeights = errors.New("detect: bad weights file")

// Weights file layout (little-endian):
//
//	magic   "PDKDET02"
//	u8      dimBits (hashed buckets = 1<<dimBits)
//	u8      flags (bit 0: character 4-grams, 1: no features for punctuation, 2: line windows,
//	        3: concept features)
//	u16     window, stride (tokens)
//	f64     bias, flag threshold, block threshold, hash scale
//	u32     rule count, then per rule: u16 name length, name, f64 weight
//	i16     1<<dimBits hashed weights, each times scale
const weightsMagic = "PDKDET02"

// MarshalBinary encodes the model's weights. Equal models encode to equal bytes.
func (m *Model) MarshalBinary() ([]byte, error) {
	var maxAbs float64
	for _, w := range m.hashW {
		maxAbs = math.Max(maxAbs, math.Abs(float64(w)))
	}
	scale := maxAbs / 32767
	if scale == 0 {
		scale = 1
	}
	b := []byte(weightsMagic)
	b = append(b, m.dimBits)
	var flags byte
	if m.grams {
		flags |= 1
	}
	if m.noPunct {
		flags |= 2
	}
	if m.lines {
		flags |= 4
	}
	if m.concepts {
		flags |= 8
	}
	b = append(b, flags)
	b = binary.LittleEndian.AppendUint16(b, uint16(m.window))
	b = binary.LittleEndian.AppendUint16(b, uint16(m.stride))
	for _, f := range []float64{m.bias, m.flag, m.block, scale} {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(f))
	}
	b = binary.LittleEndian.AppendUint32(b, uint32(len(rules)))
	for i, r := range rules {
		b = binary.LittleEndian.AppendUint16(b, uint16(len(r.name)))
		b = append(b, r.name...)
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(m.ruleW[i]))
	}
	for _, w := range m.hashW {
		q := math.Round(float64(w) / scale)
		b = binary.LittleEndian.AppendUint16(b, uint16(int16(q)))
	}
	return b, nil
}

// Load parses a weights file written by MarshalBinary. The file's rules must be this build's
// rules, by name and order.
func Load(b []byte) (*Model, error) {
	r := reader{b: b}
	if string(r.next(len(weightsMagic))) != weightsMagic {
		return nil, fmt.Errorf("%w: missing magic", ErrBadWeights)
	}
	m := &Model{}
	m.dimBits = r.u8()
	flags := r.u8()
	m.grams, m.noPunct, m.lines = flags&1 != 0, flags&2 != 0, flags&4 != 0
	m.concepts = flags&8 != 0
	if flags&^15 != 0 {
		return nil, fmt.Errorf("%w: unknown flags %#x", ErrBadWeights, flags)
	}
	m.window = int(r.u16())
	m.stride = int(r.u16())
	m.bias = r.f64()
	m.flag = r.f64()
	m.block = r.f64()
	scale := r.f64()
	if r.err != nil {
		return nil, r.err
	}
	if m.dimBits < 8 || m.dimBits > 24 || m.window < 4 || m.stride < 1 || m.stride > m.window {
		return nil, fmt.Errorf("%w: bad header (dim bits %d, window %d, stride %d)", ErrBadWeights, m.dimBits, m.window, m.stride)
	}
	for _, f := range []float64{m.bias, m.flag, m.block, scale} {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, fmt.Errorf("%w: non-finite header value", ErrBadWeights)
		}
	}
	n := int(r.u32())
	if r.err == nil && n != len(rules) {
		return nil, fmt.Errorf("%w: %d rules, this build has %d", ErrBadWeights, n, len(rules))
	}
	m.ruleW = make([]float64, len(rules))
	for i := 0; i < n && r.err == nil; i++ {
		name := string(r.next(int(r.u16())))
		if r.err == nil && name != rules[i].name {
			return nil, fmt.Errorf("%w: rule %d is %q, this build has %q", ErrBadWeights, i, name, rules[i].name)
		}
		m.ruleW[i] = r.f64()
		if math.IsNaN(m.ruleW[i]) || math.IsInf(m.ruleW[i], 0) {
			return nil, fmt.Errorf("%w: rule %q has a non-finite weight", ErrBadWeights, name)
		}
	}
	m.hashW = make([]float32, 1<<m.dimBits)
	for i := range m.hashW {
		m.hashW[i] = float32(float64(int16(r.u16())) * scale)
	}
	if r.err != nil {
		return nil, r.err
	}
	if len(r.b) != 0 {
		return nil, fmt.Errorf("%w: %d trailing bytes", ErrBadWeights, len(r.b))
	}
	return m, nil
}

type reader struct {
	b   []byte
	err error
}

func (r *reader) next(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n > len(r.b) {
		r.err = fmt.Errorf("%w: truncated", ErrBadWeights)
		r.b = nil
		return nil
	}
	v := r.b[:n]
	r.b = r.b[n:]
	return v
}

func (r *reader) u8() uint8 {
	if v := r.next(1); v != nil {
		return v[0]
	}
	return 0
}

func (r *reader) u16() uint16 {
	if v := r.next(2); v != nil {
		return binary.LittleEndian.Uint16(v)
	}
	return 0
}

func (r *reader) u32() uint32 {
	if v := r.next(4); v != nil {
		return binary.LittleEndian.Uint32(v)
	}
	return 0
}

func (r *reader) f64() float64 {
	if v := r.next(8); v != nil {
		return math.Float64frombits(binary.LittleEndian.Uint64(v))
	}
	return 0
}
