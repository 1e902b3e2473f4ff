package notebook

import "sort"

// Kind is the type of a JSON value.
type Kind uint8

// The kinds of JSON value.
const (
	Null Kind = iota
	Bool
	Number
	String
	Array
	Object
)

// A Value is one JSON value. It keeps what the notebook format needs to be
// written back exactly: numbers keep their literal text, strings hold their
// decoded text, objects hold their members sorted by key (the order nbformat
// writes them in).
//
// The zero Value is JSON null.
type Value struct {
	Kind Kind
	// Str is the decoded text of a String, the literal text of a Number
	// ("1", "0.5", "1e-05", "NaN") and "true" or "false" for a Bool.
	Str string
	// Items are the elements of an Array.
	Items []Value
	// Members are the members of an Object, sorted by Key, keys unique.
	Members []Member
}

// A Member is one key and value of a JSON object.
type Member struct {
	Key   string
	Value Value
}

// StringValue returns a String value holding s.
func StringValue(s string) Value { return Value{Kind: String, Str: s} }

// ObjectValue returns an Object value holding members, which it sorts by
// key; a later duplicate key replaces an earlier one, as in Python's json.
func ObjectValue(members ...Member) Value {
	return Value{Kind: Object, Members: sortMembers(members)}
}

// sortMembers sorts members by key in place, keeping the last of duplicate keys.
func sortMembers(m []Member) []Member {
	if len(m) < 2 {
		return m
	}
	sorted := true
	for i := 1; i < len(m); i++ {
		if m[i-1].Key >= m[i].Key {
			sorted = false
			break
		}
	}
	if sorted {
		return m
	}
	sort.SliceStable(m, func(i, j int) bool { return m[i].Key < m[j].Key })
	out := m[:0]
	for i := range m {
		if len(out) > 0 && out[len(out)-1].Key == m[i].Key {
			out[len(out)-1] = m[i]
			continue
		}
		out = append(out, m[i])
	}
	return out
}

// Get returns the member of an Object named key, or nil when v is not an
// Object or has no such member. The pointer aliases v's storage.
func (v *Value) Get(key string) *Value {
	if v == nil || v.Kind != Object {
		return nil
	}
	i := sort.Search(len(v.Members), func(i int) bool { return v.Members[i].Key >= key })
	if i < len(v.Members) && v.Members[i].Key == key {
		return &v.Members[i].Value
	}
	return nil
}

// Set sets member key of an Object to x, adding it in key order when absent.
// It does nothing when v is not an Object.
func (v *Value) Set(key string, x Value) {
	if v == nil || v.Kind != Object {
		return
	}
	i := sort.Search(len(v.Members), func(i int) bool { return v.Members[i].Key >= key })
	if i < len(v.Members) && v.Members[i].Key == key {
		v.Members[i].Value = x
		return
	}
	v.Members = append(v.Members, Member{})
	copy(v.Members[i+1:], v.Members[i:])
	v.Members[i] = Member{Key: key, Value: x}
}

// Delete removes member key of an Object and reports whether it was there.
func (v *Value) Delete(key string) bool {
	if v == nil || v.Kind != Object {
		return false
	}
	i := sort.Search(len(v.Members), func(i int) bool { return v.Members[i].Key >= key })
	if i < len(v.Members) && v.Members[i].Key == key {
		v.Members = append(v.Members[:i], v.Members[i+1:]...)
		return true
	}
	return false
}

// Equal reports whether v and w are the same JSON value. Numbers compare by
// their literal text; arrays whose strings join to the same text are not
// equal to a single string (use Text for that).
func (v *Value) Equal(w *Value) bool {
	if v == nil || w == nil {
		return v == w
	}
	if v.Kind != w.Kind || v.Str != w.Str || len(v.Items) != len(w.Items) || len(v.Members) != len(w.Members) {
		return false
	}
	for i := range v.Items {
		if !v.Items[i].Equal(&w.Items[i]) {
			return false
		}
	}
	for i := range v.Members {
		if v.Members[i].Key != w.Members[i].Key || !v.Members[i].Value.Equal(&w.Members[i].Value) {
			return false
		}
	}
	return true
}

// Clone returns a deep copy of v. Strings are shared (they are immutable).
func (v Value) Clone() Value {
	if v.Items != nil {
		items := make([]Value, len(v.Items))
		for i := range v.Items {
			items[i] = v.Items[i].Clone()
		}
		v.Items = items
	}
	if v.Members != nil {
		members := make([]Member, len(v.Members))
		for i := range v.Members {
			members[i] = Member{Key: v.Members[i].Key, Value: v.Members[i].Value.Clone()}
		}
		v.Members = members
	}
	return v
}

// Text returns the text of a multi-line string field: a String's text, or
// the concatenation of an Array of Strings (the way nbformat stores text as a
// list of lines). It returns "" for anything else.
func (v *Value) Text() string {
	if v == nil {
		return ""
	}
	switch v.Kind {
	case String:
		return v.Str
	case Array:
		if len(v.Items) == 1 && v.Items[0].Kind == String {
			return v.Items[0].Str
		}
		n := 0
		for i := range v.Items {
			n += len(v.Items[i].Str)
		}
		b := make([]byte, 0, n)
		for i := range v.Items {
			if v.Items[i].Kind == String {
				b = append(b, v.Items[i].Str...)
			}
		}
		return string(b)
	}
	return ""
}

// isStringList reports whether v is an Array whose items are all Strings.
func (v *Value) isStringList() bool {
	if v.Kind != Array {
		return false
	}
	for i := range v.Items {
		if v.Items[i].Kind != String {
			return false
		}
	}
	return true
}
