package egress

import (
	"encoding/binary"
	"errors"
)

// maxClientHello bounds how many bytes the proxy buffers while reading a TLS
// ClientHello (a hello with post-quantum key shares is about 2 KiB).
const maxClientHello = 64 << 10

var errNotHello = errors.New("malformed TLS ClientHello")

// looksLikeTLS reports whether b starts a TLS handshake record.
func looksLikeTLS(b []byte) bool {
	return len(b) > 0 && b[0] == 0x16
}

// parseClientHelloSNI reads the server name from the start of a TLS
// connection, b being the bytes the client has sent so far (records of type
// handshake). It returns complete=false while more bytes are needed, and
// sni="" for a complete hello without a server name.
func parseClientHelloSNI(b []byte) (sni string, complete bool, err error) {
	// Reassemble the handshake message, which may span several records.
	var hs []byte
	for len(b) > 0 {
		if len(b) < 5 {
			return "", false, nil
		}
		if b[0] != 0x16 || b[1] != 3 {
			return "", false, errNotHello
		}
		n := int(binary.BigEndian.Uint16(b[3:5]))
		if n == 0 || n > 1<<14+2048 {
			return "", false, errNotHello
		}
		if len(b) < 5+n {
			hs = append(hs, b[5:]...)
			break
		}
		hs = append(hs, b[5:5+n]...)
		b = b[5+n:]
		if len(hs) >= 4 && len(hs) >= 4+int(hs[1])<<16|int(hs[2])<<8|int(hs[3]) {
			break
		}
	}
	if len(hs) < 4 {
		return "", false, nil
	}
	if hs[0] != 0x01 { // client_hello
		return "", false, errNotHello
	}
	n := int(hs[1])<<16 | int(hs[2])<<8 | int(hs[3])
	if n > maxClientHello {
		return "", false, errNotHello
	}
	if len(hs) < 4+n {
		return "", false, nil
	}
	m := hs[4 : 4+n]
	// client_version(2) random(32)
	if len(m) < 34 {
		return "", false, errNotHello
	}
	m = m[34:]
	var ok bool
	if m, ok = skipVector(m, 1); !ok { // session_id
		return "", false, errNotHello
	}
	if m, ok = skipVector(m, 2); !ok { // cipher_suites
		return "", false, errNotHello
	}
	if m, ok = skipVector(m, 1); !ok { // compression_methods
		return "", false, errNotHello
	}
	if len(m) == 0 {
		return "", true, nil // no extensions
	}
	if len(m) < 2 {
		return "", false, errNotHello
	}
	ext := m[2:]
	if int(binary.BigEndian.Uint16(m)) != len(ext) {
		return "", false, errNotHello
	}
	for len(ext) > 0 {
		if len(ext) < 4 {
			return "", false, errNotHello
		}
		typ, l := binary.BigEndian.Uint16(ext), int(binary.BigEndian.Uint16(ext[2:]))
		ext = ext[4:]
		if len(ext) < l {
			return "", false, errNotHello
		}
		data := ext[:l]
		ext = ext[l:]
		if typ != 0 { // server_name
			continue
		}
		if len(data) < 2 || int(binary.BigEndian.Uint16(data)) != len(data)-2 {
			return "", false, errNotHello
		}
		list := data[2:]
		for len(list) > 0 {
			if len(list) < 3 {
				return "", false, errNotHello
			}
			nameType, nl := list[0], int(binary.BigEndian.Uint16(list[1:]))
			list = list[3:]
			if len(list) < nl || nl == 0 {
				return "", false, errNotHello
			}
			if nameType == 0 { // host_name
				return string(list[:nl]), true, nil
			}
			list = list[nl:]
		}
		return "", true, nil
	}
	return "", true, nil
}

// skipVector skips a vector with a length prefix of lenBytes bytes.
func skipVector(b []byte, lenBytes int) ([]byte, bool) {
	if len(b) < lenBytes {
		return nil, false
	}
	n := 0
	for i := 0; i < lenBytes; i++ {
		n = n<<8 | int(b[i])
	}
	b = b[lenBytes:]
	if len(b) < n {
		return nil, false
	}
	return b[n:], true
}
