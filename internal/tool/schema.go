package tool

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// Schema is the subset of JSON Schema that paddock's tools use. It is sent to the model as the
// tool's parameters and enforced on the arguments the model sends back.
type Schema struct {
	Type                 string             `json:"type"`
	Description          string             `json:"description,omitempty"`
	Properties           map[string]*Schema `json:"properties,omitempty"`
	Required             []string           `json:"required,omitempty"`
	AdditionalProperties *bool              `json:"additionalProperties,omitempty"`
	Enum                 []string           `json:"enum,omitempty"`
	Items                *Schema            `json:"items,omitempty"`
	MinLength            int                `json:"minLength,omitempty"`
	MaxLength            int                `json:"maxLength,omitempty"` // in characters; 0: no limit
	Minimum              *float64           `json:"minimum,omitempty"`
	Maximum              *float64           `json:"maximum,omitempty"`
}

// ErrInvalidArguments wraps every argument-validation failure.
var ErrInvalidArguments = errors.New("invalid arguments")

// maxArgumentBytes bounds the raw arguments of one call before they are parsed.
const maxArgumentBytes = 4 << 20

// Object returns an object schema with the given properties, all required, no others allowed.
func Object(props map[string]*Schema) *Schema {
	req := make([]string, 0, len(props))
	for k := range props {
		req = append(req, k)
	}
	sort.Strings(req)
	no := false
	return &Schema{Type: "object", Properties: props, Required: req, AdditionalProperties: &no}
}

// String returns a string schema.
func String(desc string, minLen, maxLen int) *Schema {
	return &Schema{Type: "string", Description: desc, MinLength: minLen, MaxLength: maxLen}
}

// Validate parses raw JSON arguments and checks them against s. The error says which argument is
// wrong and how, in words the model can act on.
func (s *Schema) Validate(raw string) (map[string]any, error) {
	if len(raw) > maxArgumentBytes {
		return nil, fmt.Errorf("%w: the arguments are %d bytes, more than the %d allowed", ErrInvalidArguments, len(raw), maxArgumentBytes)
	}
	if strings.TrimSpace(raw) == "" {
		raw = "{}"
	}
	if !utf8.ValidString(raw) {
		return nil, fmt.Errorf("%w: the arguments are not valid UTF-8", ErrInvalidArguments)
	}
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("%w: the arguments are not valid JSON (%v); send one JSON object", ErrInvalidArguments, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: extra data after the JSON object; send exactly one JSON object", ErrInvalidArguments)
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%w: the arguments must be a JSON object, not %s", ErrInvalidArguments, kind(v))
	}
	if err := s.check("", obj); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidArguments, err)
	}
	return obj, nil
}

func (s *Schema) check(path string, v any) error {
	name := path
	if name == "" {
		name = "arguments"
	}
	switch s.Type {
	case "object":
		obj, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("%s must be an object, not %s", name, kind(v))
		}
		for _, r := range s.Required {
			if _, ok := obj[r]; !ok {
				return fmt.Errorf("missing required argument %q", join(path, r))
			}
		}
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			p, ok := s.Properties[k]
			if !ok {
				if s.AdditionalProperties != nil && !*s.AdditionalProperties {
					return fmt.Errorf("unknown argument %q (allowed: %s)", join(path, k), strings.Join(s.propNames(), ", "))
				}
				continue
			}
			if err := p.check(join(path, k), obj[k]); err != nil {
				return err
			}
		}
	case "string":
		str, ok := v.(string)
		if !ok {
			return fmt.Errorf("%s must be a string, not %s", name, kind(v))
		}
		n := utf8.RuneCountInString(str)
		if n < s.MinLength {
			return fmt.Errorf("%s must not be empty", name)
		}
		if s.MaxLength > 0 && n > s.MaxLength {
			return fmt.Errorf("%s is %d characters, more than the %d allowed", name, n, s.MaxLength)
		}
		if len(s.Enum) > 0 && !contains(s.Enum, str) {
			return fmt.Errorf("%s must be one of %s", name, strings.Join(s.Enum, ", "))
		}
	case "integer", "number":
		num, ok := v.(json.Number)
		if !ok {
			return fmt.Errorf("%s must be a number, not %s", name, kind(v))
		}
		f, err := num.Float64()
		if err != nil {
			return fmt.Errorf("%s: %v", name, err)
		}
		if s.Type == "integer" {
			if _, err := num.Int64(); err != nil {
				return fmt.Errorf("%s must be a whole number", name)
			}
		}
		if s.Minimum != nil && f < *s.Minimum {
			return fmt.Errorf("%s must be at least %v", name, *s.Minimum)
		}
		if s.Maximum != nil && f > *s.Maximum {
			return fmt.Errorf("%s must be at most %v", name, *s.Maximum)
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			return fmt.Errorf("%s must be true or false, not %s", name, kind(v))
		}
	case "array":
		arr, ok := v.([]any)
		if !ok {
			return fmt.Errorf("%s must be an array, not %s", name, kind(v))
		}
		if s.Items != nil {
			for i, e := range arr {
				if err := s.Items.check(fmt.Sprintf("%s[%d]", name, i), e); err != nil {
					return err
				}
			}
		}
	default:
		return fmt.Errorf("schema error: unknown type %q", s.Type)
	}
	return nil
}

func (s *Schema) propNames() []string {
	out := make([]string, 0, len(s.Properties))
	for k := range s.Properties {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// JSON returns the schema as JSON for the model.
func (s *Schema) JSON() json.RawMessage {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a Schema always encodes
	return json.RawMessage(bytes.TrimSpace(buf.Bytes()))
}

func join(path, k string) string {
	if path == "" {
		return k
	}
	return path + "." + k
}

func kind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case json.Number:
		return "a number"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}
