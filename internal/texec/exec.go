// Package texec executes the parse trees of an html/template set after
// html/template has escaped them, printing exactly what text/template
// prints for them, several times faster.
//
// text/template interprets a tree with reflection and looks every field,
// method and function up by name at every use; on a page of the default
// theme that was most of the template time. Executor mirrors
// text/template's evaluation (exec.go) step by step but resolves each
// (type, name) once, calls the builtins, html/template's escapers and the
// common function signatures directly, and allocates less.
//
// It runs only what it runs exactly as text/template does. Anything else
// (a function error or panic, a missing map key, a nil pointer, a range
// over a channel, an escaper it lacks…) stops it with ErrFallback, and the
// caller executes the template with html/template instead, which prints
// the same page or reports the error in its own words. So an Executor
// never changes what a build prints, only how fast; the tests run both
// and compare. A fallback calls again the functions Execute had called:
// the FuncMap's functions must print the same when called twice (congbo's
// are pure, or caches).
package texec

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"html/template"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	texttemplate "text/template"
	"text/template/parse"
	"time"
)

// ErrFallback reports that Execute stopped at something it does not run
// as text/template does. What it wrote must be discarded and the template
// executed with html/template.
var ErrFallback = errors.New("texec: execute with html/template")

var (
	reflectValueType = reflect.TypeFor[reflect.Value]()
	errorType        = reflect.TypeFor[error]()
	fmtStringerType  = reflect.TypeFor[fmt.Stringer]()
	stringType       = reflect.TypeFor[string]()
	htmlType         = reflect.TypeFor[template.HTML]()
	anyType          = reflect.TypeFor[any]()
)

// maxDepth bounds nested template calls; deeper recursion falls back
// (text/template's own limit is far higher and reports an error).
const maxDepth = 1000

// Executor runs the escaped trees of one html/template namespace. It is
// safe for concurrent use once the trees it runs are escaped.
type Executor struct {
	funcs  map[string]*function
	lookup func(name string) *parse.Tree
	trees  sync.Map // template name → *parse.Tree
	fields sync.Map // reflect.Type → *typeFields

	fallbacks atomic.Int64
	ready     sync.Map  // template name → bool: escaped, and supported
	vars      sync.Pool // *[]variable: an execution's variables, of it and the templates it calls
	args      sync.Pool // *[]any: an execution's direct calls' arguments (pushArgs)
	appenders map[string]Appender
	printHook func(buf *bytes.Buffer, s string) bool
}

// SetPrintHook makes Execute offer each string an action prints to fn
// first, which writes it into buf itself and returns true, or returns
// false to let Execute write it. It lets a caller note where in the page
// a string it knows lands. Call it before the Executor is used.
func (e *Executor) SetPrintHook(fn func(buf *bytes.Buffer, s string) bool) {
	e.printHook = fn
}

// An Appender writes into buf what the FuncMap function it is set for
// returns when called with arg, or returns the function's error. The
// function must return template.HTML (and an error) for one argument.
// Where a template prints that function's result straight into HTML text
// ({{f x}} in an element's content, which html/template prints as it is),
// Execute calls the Appender instead: the same bytes, without building a
// string only to copy it into the page.
type Appender func(buf *bytes.Buffer, arg any) error

// SetAppender makes Execute print FuncMap function name with fn where it
// can (see Appender). Call it before the Executor is used.
func (e *Executor) SetAppender(name string, fn Appender) {
	f := e.funcs[name]
	if f == nil || f.builtin != bNone || f.typ.NumIn() != 1 || f.typ.IsVariadic() ||
		f.typ.NumOut() != 2 || f.typ.Out(0) != htmlType || f.typ.Out(1) != errorType {
		panic(fmt.Sprintf("texec: SetAppender(%q): not a FuncMap function of one argument returning (template.HTML, error)", name))
	}
	if e.appenders == nil {
		e.appenders = map[string]Appender{}
	}
	e.appenders[name] = fn
}

// New returns an Executor for the namespace whose templates lookup
// returns (nil for a name not defined), calling funcs as the namespace's
// FuncMap does. funcs must be the FuncMap the namespace was given.
func New(funcs map[string]any, lookup func(name string) *parse.Tree) *Executor {
	e := &Executor{funcs: map[string]*function{}, lookup: lookup}
	for name, b := range builtins {
		e.funcs[name] = &function{builtin: b}
	}
	for name, fn := range builtinFuncs {
		e.funcs[name] = newFunction(fn)
	}
	for name, fn := range escapers {
		e.funcs[name] = newFunction(fn)
	}
	// A site's FuncMap overrides a builtin of the same name, as in
	// text/template.
	for name, fn := range funcs {
		e.funcs[name] = newFunction(fn)
	}
	return e
}

// ForHTML returns an Executor for the namespace of set, which has the
// FuncMap funcs, or nil if this Go's html/template is not built as this
// package expects (every template then runs with html/template).
//
// html/template executes its templates with an underlying text/template,
// to which alone it adds the templates it derives while escaping (a block
// called inside <title> runs as
// "title$htmltemplate_stateRCDATA_elementTitle"): its own Lookup does not
// see them. It keeps that template in an unexported field, read here.
func ForHTML(set *template.Template, funcs template.FuncMap) *Executor {
	f := reflect.ValueOf(set).Elem().FieldByName("text")
	if !f.IsValid() || f.Type() != reflect.TypeFor[*texttemplate.Template]() {
		return nil
	}
	text := (*texttemplate.Template)(f.UnsafePointer())
	return New(funcs, func(name string) *parse.Tree {
		if t := text.Lookup(name); t != nil {
			return t.Tree
		}
		return nil
	})
}

// Fallbacks counts the executions that fell back, for tests and
// benchmarks: a template that falls back every time costs a little more
// than html/template alone.
func (e *Executor) Fallbacks() int64 { return e.fallbacks.Load() }

// Escaped records that html/template has executed template name without
// error, and so escaped it and every template it calls: from now on
// Execute runs it, if it uses only the nodes and functions Execute knows.
// html/template escapes a template on its first execution; before that,
// its tree is not the one html/template runs.
func (e *Executor) Escaped(name string) {
	if _, done := e.ready.Load(name); done {
		return
	}
	e.ready.Store(name, e.supports(name, map[string]bool{}))
}

// Runs reports whether Execute runs template name (see Escaped).
func (e *Executor) Runs(name string) bool {
	ok, _ := e.ready.Load(name)
	return ok == true
}

func (e *Executor) supports(name string, seen map[string]bool) bool {
	if seen[name] {
		return true
	}
	seen[name] = true
	tree := e.tree(name)
	if tree == nil {
		return false
	}
	ok := true
	var visit func(n parse.Node)
	visit = func(n parse.Node) {
		if !ok {
			return
		}
		switch n := n.(type) {
		case nil:
		case *parse.ListNode:
			if n != nil {
				for _, c := range n.Nodes {
					visit(c)
				}
			}
		case *parse.TextNode, *parse.CommentNode, *parse.DotNode, *parse.FieldNode,
			*parse.BoolNode, *parse.StringNode, *parse.NilNode:
		case *parse.NumberNode:
			ok = n.IsInt || n.IsFloat
		case *parse.ActionNode:
			visit(n.Pipe)
		case *parse.PipeNode:
			if n != nil {
				for _, c := range n.Cmds {
					visit(c)
				}
			}
		case *parse.CommandNode:
			for _, a := range n.Args {
				visit(a)
			}
		case *parse.IdentifierNode:
			fn := e.funcs[n.Ident]
			ok = fn != nil && fn.builtin != bCall
		case *parse.VariableNode:
		case *parse.IfNode:
			visit(n.Pipe)
			visit(n.List)
			visit(n.ElseList)
		case *parse.WithNode:
			visit(n.Pipe)
			visit(n.List)
			visit(n.ElseList)
		case *parse.RangeNode:
			visit(n.Pipe)
			visit(n.List)
			visit(n.ElseList)
		case *parse.TemplateNode:
			visit(n.Pipe)
			ok = ok && e.supports(n.Name, seen)
		default: // break, continue, chains, and nodes to come
			ok = false
		}
	}
	visit(tree.Root)
	return ok
}

func (e *Executor) tree(name string) *parse.Tree {
	if t, ok := e.trees.Load(name); ok {
		return t.(*parse.Tree)
	}
	t := e.lookup(name)
	if t == nil || t.Root == nil {
		return nil
	}
	e.trees.Store(name, t)
	return t
}

// Execute appends template name, run with data, to buf. On ErrFallback,
// buf holds what was written before the call plus part of the page: the
// caller truncates it and runs html/template (and then calls Escaped). A
// template not yet Escaped, or not supported, falls back at once.
func (e *Executor) Execute(buf *bytes.Buffer, name string, data any) (err error) {
	if !e.Runs(name) {
		return ErrFallback
	}
	tree := e.tree(name)
	if tree == nil {
		return ErrFallback
	}
	defer func() {
		if r := recover(); r != nil {
			e.fallbacks.Add(1)
			err = ErrFallback
		}
	}()
	dot, ok := data.(reflect.Value) // as text/template: data may be a reflect.Value
	if !ok {
		dot = reflect.ValueOf(data)
	}
	vp, _ := e.vars.Get().(*[]variable)
	if vp == nil {
		vp = new(make([]variable, 0, 64))
	}
	defer func() {
		clear((*vp)[:cap(*vp)]) // drop the values for the collector
		e.vars.Put(vp)
	}()
	ap, _ := e.args.Get().(*[]any)
	if ap == nil {
		ap = new(make([]any, 0, 16))
	}
	defer func() {
		clear((*ap)[:cap(*ap)])
		*ap = (*ap)[:0] // also after a fallback left arguments pushed
		e.args.Put(ap)
	}()
	s := &state{e: e, w: buf, vars: append((*vp)[:0], variable{"$", dot}), args: ap}
	s.walk(dot, tree.Root)
	return nil
}

// fallback stops the execution (Execute recovers it).
func fallback() { panic(errFallback{}) }

type variable struct {
	name  string
	value reflect.Value
}

type state struct {
	e     *Executor
	w     *bytes.Buffer
	vars  []variable
	depth int
	args  *[]any // the arguments of the direct calls under way, shared with called templates
}

// pushArgs evaluates args (and final, when there is one) as `any`
// arguments onto s.args, and returns them and where they start: a direct
// call's arguments without an array on the heap per call. Evaluating one
// may push and pop others before it is pushed.
func (s *state) pushArgs(dot reflect.Value, args []parse.Node, final reflect.Value) ([]any, int) {
	base := len(*s.args)
	for _, a := range args {
		v := toAny(s.evalArg(dot, anyType, a))
		*s.args = append(*s.args, v)
	}
	if !isMissing(final) {
		*s.args = append(*s.args, toAny(final))
	}
	return (*s.args)[base:], base
}

// onlyArg evaluates the one `any` argument of a call of a function of one
// argument: the command's, or else the pipeline's value.
func (s *state) onlyArg(dot reflect.Value, args []parse.Node, final reflect.Value) any {
	if len(args) == 1 {
		return toAny(s.evalArg(dot, anyType, args[0]))
	}
	return toAny(s.validateType(final, anyType))
}

// popArgs drops the arguments pushed from base on.
func (s *state) popArgs(base int) {
	clear((*s.args)[base:])
	*s.args = (*s.args)[:base]
}

func (s *state) push(name string, value reflect.Value) {
	s.vars = append(s.vars, variable{name, value})
}

func (s *state) mark() int { return len(s.vars) }

func (s *state) pop(mark int) { s.vars = s.vars[:mark] }

func (s *state) setVar(name string, value reflect.Value) {
	for i := s.mark() - 1; i >= 0; i-- {
		if s.vars[i].name == name {
			s.vars[i].value = value
			return
		}
	}
	fallback()
}

func (s *state) setTopVar(n int, value reflect.Value) {
	s.vars[len(s.vars)-n].value = value
}

func (s *state) varValue(name string) reflect.Value {
	for i := s.mark() - 1; i >= 0; i-- {
		if s.vars[i].name == name {
			return s.vars[i].value
		}
	}
	fallback()
	return reflect.Value{}
}

// missingVal marks the absence of a final argument in a pipeline.
var missingVal = reflect.ValueOf(missingValType{})

type missingValType struct{}

func isMissing(v reflect.Value) bool {
	return v.IsValid() && v.Type() == missingVal.Type()
}

func (s *state) walk(dot reflect.Value, node parse.Node) {
	switch node := node.(type) {
	case *parse.ActionNode:
		if s.e.appenders != nil && len(node.Pipe.Decl) == 0 && s.appendDirect(dot, node.Pipe) {
			return
		}
		val := s.evalPipeline(dot, node.Pipe)
		if len(node.Pipe.Decl) == 0 {
			s.printValue(val)
		}
	case *parse.CommentNode:
	case *parse.IfNode:
		s.walkIfOrWith(false, dot, node.Pipe, node.List, node.ElseList)
	case *parse.ListNode:
		for _, node := range node.Nodes {
			s.walk(dot, node)
		}
	case *parse.RangeNode:
		s.walkRange(dot, node)
	case *parse.TemplateNode:
		s.walkTemplate(dot, node)
	case *parse.TextNode:
		s.w.Write(node.Text)
	case *parse.WithNode:
		s.walkIfOrWith(true, dot, node.Pipe, node.List, node.ElseList)
	default:
		fallback()
	}
}

// appendDirect prints pipe, when it is {{f x | _html_template_htmlescaper}}
// for a function f with an Appender, by calling the Appender, and
// reports whether it did. f returns template.HTML, which that escaper
// returns unchanged, so the Appender's bytes are what would be printed.
func (s *state) appendDirect(dot reflect.Value, pipe *parse.PipeNode) bool {
	if len(pipe.Cmds) != 2 || len(pipe.Cmds[0].Args) != 2 || len(pipe.Cmds[1].Args) != 1 {
		return false
	}
	if esc, ok := pipe.Cmds[1].Args[0].(*parse.IdentifierNode); !ok || esc.Ident != "_html_template_htmlescaper" {
		return false
	}
	id, ok := pipe.Cmds[0].Args[0].(*parse.IdentifierNode)
	if !ok {
		return false
	}
	app := s.e.appenders[id.Ident]
	if app == nil {
		return false
	}
	arg := s.evalArg(dot, s.e.funcs[id.Ident].typ.In(0), pipe.Cmds[0].Args[1])
	if err := app(s.w, toAny(arg)); err != nil {
		fallback()
	}
	return true
}

func (s *state) walkIfOrWith(with bool, dot reflect.Value, pipe *parse.PipeNode, list, elseList *parse.ListNode) {
	mark := s.mark()
	val := s.evalPipeline(dot, pipe)
	truth, ok := isTrue(indirectInterface(val))
	if !ok {
		fallback()
	}
	if truth {
		if with {
			s.walk(val, list)
		} else {
			s.walk(dot, list)
		}
	} else if elseList != nil {
		s.walk(dot, elseList)
	}
	s.pop(mark)
}

func (s *state) walkRange(dot reflect.Value, r *parse.RangeNode) {
	outer := s.mark()
	val, _ := indirect(s.evalPipeline(dot, r.Pipe))
	mark := s.mark()
	oneIteration := func(index, elem reflect.Value) {
		if len(r.Pipe.Decl) > 0 {
			if r.Pipe.IsAssign {
				if len(r.Pipe.Decl) > 1 {
					s.setVar(r.Pipe.Decl[0].Ident[0], index)
				} else {
					s.setVar(r.Pipe.Decl[0].Ident[0], elem)
				}
			} else {
				s.setTopVar(1, elem)
			}
		}
		if len(r.Pipe.Decl) > 1 {
			if r.Pipe.IsAssign {
				s.setVar(r.Pipe.Decl[1].Ident[0], elem)
			} else {
				s.setTopVar(2, index)
			}
		}
		s.walk(elem, r.List)
		s.pop(mark)
	}
	switch val.Kind() {
	case reflect.Array, reflect.Slice:
		if val.Len() == 0 {
			break
		}
		for i := 0; i < val.Len(); i++ {
			oneIteration(reflect.ValueOf(i), val.Index(i))
		}
		s.pop(outer)
		return
	case reflect.Map:
		if val.Len() == 0 {
			break
		}
		keys := sortedKeys(val)
		for _, k := range keys {
			oneIteration(k, val.MapIndex(k))
		}
		s.pop(outer)
		return
	case reflect.Invalid:
		// A nil map and the like: no iteration, not an error.
	default: // integers, channels and iterators: text/template's business
		fallback()
	}
	if r.ElseList != nil {
		s.walk(dot, r.ElseList)
	}
	s.pop(outer)
}

// sortedKeys orders a map's keys as text/template's range does
// (internal/fmtsort) for string and integer keys; other keys fall back.
func sortedKeys(m reflect.Value) []reflect.Value {
	keys := m.MapKeys()
	switch m.Type().Key().Kind() {
	case reflect.String:
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		slices.SortFunc(keys, func(a, b reflect.Value) int { return cmp.Compare(a.Int(), b.Int()) })
	default:
		fallback()
	}
	return keys
}

func (s *state) walkTemplate(dot reflect.Value, t *parse.TemplateNode) {
	tree := s.e.tree(t.Name)
	if tree == nil || s.depth >= maxDepth {
		fallback()
	}
	dot = s.evalPipeline(dot, t.Pipe)
	// The called template sees only its own "$". Its variables go after
	// the caller's in the same array (the caller's slice does not cover
	// them, and the caller pushes again only once the call returns).
	inner := state{e: s.e, w: s.w, depth: s.depth + 1, vars: append(s.vars[len(s.vars):], variable{"$", dot}), args: s.args}
	inner.walk(dot, tree.Root)
}

func (s *state) evalPipeline(dot reflect.Value, pipe *parse.PipeNode) (value reflect.Value) {
	if pipe == nil {
		return
	}
	value = missingVal
	for _, cmd := range pipe.Cmds {
		value = s.evalCommand(dot, cmd, value)
		if value.Kind() == reflect.Interface && value.Type().NumMethod() == 0 {
			value = reflect.ValueOf(value.Interface())
		}
	}
	for _, variable := range pipe.Decl {
		if pipe.IsAssign {
			s.setVar(variable.Ident[0], value)
		} else {
			s.push(variable.Ident[0], value)
		}
	}
	return value
}

func notAFunction(args []parse.Node, final reflect.Value) {
	if len(args) > 1 || !isMissing(final) {
		fallback()
	}
}

func (s *state) evalCommand(dot reflect.Value, cmd *parse.CommandNode, final reflect.Value) reflect.Value {
	switch n := cmd.Args[0].(type) {
	case *parse.FieldNode:
		return s.evalFieldChain(dot, dot, n.Ident, cmd.Args, final)
	case *parse.IdentifierNode:
		return s.evalFunction(dot, n, cmd.Args, final)
	case *parse.PipeNode:
		notAFunction(cmd.Args, final)
		return s.evalPipeline(dot, n)
	case *parse.VariableNode:
		return s.evalVariableNode(dot, n, cmd.Args, final)
	case *parse.BoolNode:
		notAFunction(cmd.Args, final)
		return reflect.ValueOf(n.True)
	case *parse.DotNode:
		notAFunction(cmd.Args, final)
		return dot
	case *parse.NumberNode:
		notAFunction(cmd.Args, final)
		return idealConstant(n)
	case *parse.StringNode:
		notAFunction(cmd.Args, final)
		return reflect.ValueOf(n.Text)
	}
	fallback()
	return reflect.Value{}
}

// idealConstant is text/template's: the constant's text decides its type.
func idealConstant(constant *parse.NumberNode) reflect.Value {
	switch {
	case constant.IsComplex:
		return reflect.ValueOf(constant.Complex128)
	case constant.IsFloat &&
		!isHexInt(constant.Text) && !isRuneInt(constant.Text) &&
		strings.ContainsAny(constant.Text, ".eEpP"):
		return reflect.ValueOf(constant.Float64)
	case constant.IsInt:
		n := int(constant.Int64)
		if int64(n) != constant.Int64 {
			fallback()
		}
		return reflect.ValueOf(n)
	}
	fallback()
	return reflect.Value{}
}

func isRuneInt(s string) bool {
	return len(s) > 0 && s[0] == '\''
}

func isHexInt(s string) bool {
	return len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && !strings.ContainsAny(s, "pP")
}

func (s *state) evalVariableNode(dot reflect.Value, variable *parse.VariableNode, args []parse.Node, final reflect.Value) reflect.Value {
	value := s.varValue(variable.Ident[0])
	if len(variable.Ident) == 1 {
		notAFunction(args, final)
		return value
	}
	return s.evalFieldChain(dot, value, variable.Ident[1:], args, final)
}

func (s *state) evalFieldChain(dot, receiver reflect.Value, ident []string, args []parse.Node, final reflect.Value) reflect.Value {
	n := len(ident)
	for i := 0; i < n-1; i++ {
		receiver = s.evalField(dot, ident[i], nil, missingVal, receiver)
	}
	return s.evalField(dot, ident[n-1], args, final, receiver)
}

func (s *state) evalFunction(dot reflect.Value, node *parse.IdentifierNode, args []parse.Node, final reflect.Value) reflect.Value {
	fn := s.e.funcs[node.Ident]
	if fn == nil {
		fallback()
	}
	if fn.builtin != bNone {
		return s.evalBuiltin(dot, fn.builtin, args, final)
	}
	return s.evalCall(dot, fn, fn.v, args, final)
}

// typeFields caches what each name means on one type: a method, a field
// or a map key (found once, with reflection's searches by name).
type typeFields struct {
	mu     sync.RWMutex
	byName map[string]*member
}

type member struct {
	kind   memberKind
	method int           // index in the type's method set
	field  []int         // index path of a struct field
	key    reflect.Value // the name as a map key
	fn     *function     // the method's signature, for the call
}

type memberKind uint8

const (
	memberNone memberKind = iota
	memberMethod
	memberField
	memberKey
)

// member finds name on values of type ptrType (a *T for addressable
// values, which sees the methods of T and *T), whose element is recvType.
func (e *Executor) member(ptrType, recvType reflect.Type, name string) *member {
	var tf *typeFields
	if v, ok := e.fields.Load(ptrType); ok {
		tf = v.(*typeFields)
	} else {
		v, _ := e.fields.LoadOrStore(ptrType, &typeFields{byName: map[string]*member{}})
		tf = v.(*typeFields)
	}
	tf.mu.RLock()
	m := tf.byName[name]
	tf.mu.RUnlock()
	if m != nil {
		return m
	}
	m = &member{}
	if method, ok := ptrType.MethodByName(name); ok {
		m.kind, m.method = memberMethod, method.Index
		m.fn = &function{typ: method.Type}
		// method.Type has the receiver first; the bound method's has not.
		in := make([]reflect.Type, method.Type.NumIn()-1)
		for i := range in {
			in[i] = method.Type.In(i + 1)
		}
		out := make([]reflect.Type, method.Type.NumOut())
		for i := range out {
			out[i] = method.Type.Out(i)
		}
		m.fn.typ = reflect.FuncOf(in, out, method.Type.IsVariadic())
	} else {
		switch recvType.Kind() {
		case reflect.Struct:
			if f, ok := recvType.FieldByName(name); ok && f.IsExported() {
				m.kind, m.field = memberField, f.Index
			}
		case reflect.Map:
			if stringType.AssignableTo(recvType.Key()) {
				m.kind, m.key = memberKey, reflect.ValueOf(name)
			}
		}
	}
	tf.mu.Lock()
	tf.byName[name] = m
	tf.mu.Unlock()
	return m
}

func (s *state) evalField(dot reflect.Value, fieldName string, args []parse.Node, final, receiver reflect.Value) reflect.Value {
	if !receiver.IsValid() {
		fallback()
	}
	receiver, isNil := indirect(receiver)
	if isNil {
		fallback()
	}
	ptr := receiver
	if ptr.Kind() != reflect.Interface && ptr.Kind() != reflect.Pointer && ptr.CanAddr() {
		ptr = ptr.Addr()
	}
	m := s.e.member(ptr.Type(), receiver.Type(), fieldName)
	hasArgs := len(args) > 1 || !isMissing(final)
	switch m.kind {
	case memberMethod:
		return s.evalCall(dot, m.fn, ptr.Method(m.method), args, final)
	case memberField:
		if hasArgs {
			fallback()
		}
		field, err := receiver.FieldByIndexErr(m.field)
		if err != nil {
			fallback()
		}
		return field
	case memberKey:
		if hasArgs {
			fallback()
		}
		result := receiver.MapIndex(m.key)
		if !result.IsValid() {
			fallback() // missingkey: text/template's option decides
		}
		return result
	}
	fallback()
	return reflect.Value{}
}

// function is a FuncMap entry or a method: its value, its type, and the
// direct Go function for the signatures called most.
type function struct {
	v       reflect.Value
	typ     reflect.Type
	builtin builtin
	escaper func(...any) string
	tr      func(string, ...any) (string, error)
	timeFmt func(time.Time) string
	block   func(any) (template.HTML, error)
	text    func(any) (string, error)
	partial func(string, any, ...any) (template.HTML, error)
}

func newFunction(fn any) *function {
	f := &function{v: reflect.ValueOf(fn), typ: reflect.TypeOf(fn)}
	switch fn := fn.(type) {
	case func(...any) string:
		f.escaper = fn
	case func(string, ...any) (string, error):
		f.tr = fn
	case func(time.Time) string:
		f.timeFmt = fn
	case func(any) (template.HTML, error):
		f.block = fn
	case func(any) (string, error):
		f.text = fn
	case func(string, any, ...any) (template.HTML, error):
		f.partial = fn
	}
	return f
}

// evalCall calls fun (whose signature fn describes) with the command's
// arguments after the first word, and final, as text/template's evalCall.
func (s *state) evalCall(dot reflect.Value, fn *function, fun reflect.Value, args []parse.Node, final reflect.Value) reflect.Value {
	if args != nil {
		args = args[1:]
	}
	typ := fn.typ
	numIn := len(args)
	if !isMissing(final) {
		numIn++
	}
	numFixed := len(args)
	if typ.IsVariadic() {
		numFixed = typ.NumIn() - 1
		if numIn < numFixed {
			fallback()
		}
	} else if numIn != typ.NumIn() {
		fallback()
	}
	switch numOut := typ.NumOut(); {
	case numOut == 1:
	case numOut == 2 && typ.Out(1) == errorType:
	default:
		fallback()
	}
	switch {
	case fn.escaper != nil:
		xs, base := s.pushArgs(dot, args, final)
		out := fn.escaper(xs...)
		s.popArgs(base)
		return reflect.ValueOf(out)
	case fn.tr != nil && len(args) >= 1:
		key := s.evalArg(dot, stringType, args[0])
		xs, base := s.pushArgs(dot, args[1:], final)
		out, err := fn.tr(key.String(), xs...)
		s.popArgs(base)
		if err != nil {
			fallback()
		}
		return reflect.ValueOf(out)
	case fn.timeFmt != nil:
		var t reflect.Value
		if len(args) == 1 {
			t = s.evalArg(dot, typ.In(0), args[0])
		} else {
			t = s.validateType(final, typ.In(0))
		}
		return reflect.ValueOf(fn.timeFmt(t.Interface().(time.Time)))
	case fn.block != nil:
		out, err := fn.block(s.onlyArg(dot, args, final))
		if err != nil {
			fallback()
		}
		return reflect.ValueOf(out)
	case fn.text != nil:
		out, err := fn.text(s.onlyArg(dot, args, final))
		if err != nil {
			fallback()
		}
		return reflect.ValueOf(out)
	case fn.partial != nil && len(args) >= 2: // a pipeline's value, if any, is the last key
		name := s.evalArg(dot, stringType, args[0])
		data := s.evalArg(dot, anyType, args[1])
		xs, base := s.pushArgs(dot, args[2:], final)
		out, err := fn.partial(name.String(), toAny(data), xs...)
		s.popArgs(base)
		if err != nil {
			fallback()
		}
		return reflect.ValueOf(out)
	}
	argv := make([]reflect.Value, numIn)
	i := 0
	for ; i < numFixed && i < len(args); i++ {
		argv[i] = s.evalArg(dot, typ.In(i), args[i])
	}
	if typ.IsVariadic() {
		argType := typ.In(typ.NumIn() - 1).Elem()
		for ; i < len(args); i++ {
			argv[i] = s.evalArg(dot, argType, args[i])
		}
	}
	if !isMissing(final) {
		t := typ.In(typ.NumIn() - 1)
		if typ.IsVariadic() {
			if numIn-1 < numFixed {
				t = typ.In(numIn - 1)
			} else {
				t = t.Elem()
			}
		}
		argv[i] = s.validateType(final, t)
	}
	out := fun.Call(argv)
	if len(out) == 2 && !out[1].IsNil() {
		fallback()
	}
	v := out[0]
	if v.Type() == reflectValueType {
		v = v.Interface().(reflect.Value)
	}
	return v
}

// toAny is what a function's `any` parameter receives for v.
func toAny(v reflect.Value) any {
	if !v.IsValid() {
		return nil
	}
	return v.Interface()
}

func (s *state) validateType(value reflect.Value, typ reflect.Type) reflect.Value {
	if !value.IsValid() {
		if typ == nil {
			return reflect.ValueOf(nil)
		}
		if canBeNil(typ) {
			return reflect.Zero(typ)
		}
		fallback()
	}
	if typ == reflectValueType && value.Type() != typ {
		return reflect.ValueOf(value)
	}
	if typ != nil && !value.Type().AssignableTo(typ) {
		if value.Kind() == reflect.Interface && !value.IsNil() {
			value = value.Elem()
			if value.Type().AssignableTo(typ) {
				return value
			}
		}
		switch {
		case value.Kind() == reflect.Pointer && value.Type().Elem().AssignableTo(typ):
			value = value.Elem()
			if !value.IsValid() {
				fallback()
			}
		case reflect.PointerTo(value.Type()).AssignableTo(typ) && value.CanAddr():
			value = value.Addr()
		default:
			fallback()
		}
	}
	return value
}

func (s *state) evalArg(dot reflect.Value, typ reflect.Type, n parse.Node) reflect.Value {
	switch arg := n.(type) {
	case *parse.DotNode:
		return s.validateType(dot, typ)
	case *parse.NilNode:
		if canBeNil(typ) {
			return reflect.Zero(typ)
		}
		fallback()
	case *parse.FieldNode:
		return s.validateType(s.evalFieldChain(dot, dot, arg.Ident, []parse.Node{n}, missingVal), typ)
	case *parse.VariableNode:
		return s.validateType(s.evalVariableNode(dot, arg, nil, missingVal), typ)
	case *parse.PipeNode:
		return s.validateType(s.evalPipeline(dot, arg), typ)
	case *parse.IdentifierNode:
		return s.validateType(s.evalFunction(dot, arg, nil, missingVal), typ)
	}
	switch typ.Kind() {
	case reflect.Bool:
		if n, ok := n.(*parse.BoolNode); ok {
			value := reflect.New(typ).Elem()
			value.SetBool(n.True)
			return value
		}
	case reflect.Float32, reflect.Float64:
		if n, ok := n.(*parse.NumberNode); ok && n.IsFloat {
			value := reflect.New(typ).Elem()
			value.SetFloat(n.Float64)
			return value
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if n, ok := n.(*parse.NumberNode); ok && n.IsInt {
			value := reflect.New(typ).Elem()
			value.SetInt(n.Int64)
			return value
		}
	case reflect.Interface:
		if typ.NumMethod() == 0 {
			return s.evalEmptyInterface(dot, n)
		}
	case reflect.Struct:
		if typ == reflectValueType {
			return reflect.ValueOf(s.evalEmptyInterface(dot, n))
		}
	case reflect.String:
		if n, ok := n.(*parse.StringNode); ok {
			if typ == stringType {
				return reflect.ValueOf(n.Text)
			}
			value := reflect.New(typ).Elem()
			value.SetString(n.Text)
			return value
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if n, ok := n.(*parse.NumberNode); ok && n.IsUint {
			value := reflect.New(typ).Elem()
			value.SetUint(n.Uint64)
			return value
		}
	}
	fallback()
	return reflect.Value{}
}

// evalEmptyInterface is what a constant argument is as an `any`.
func (s *state) evalEmptyInterface(dot reflect.Value, n parse.Node) reflect.Value {
	switch n := n.(type) {
	case *parse.BoolNode:
		return reflect.ValueOf(n.True)
	case *parse.NumberNode:
		return idealConstant(n)
	case *parse.StringNode:
		return reflect.ValueOf(n.Text)
	}
	fallback()
	return reflect.Value{}
}

// evalRaw is an argument of a builtin taking reflect.Values, as the
// builtin receives it: evalArg with the type reflect.Value.
func (s *state) evalRaw(dot reflect.Value, n parse.Node) reflect.Value {
	switch arg := n.(type) {
	case *parse.DotNode:
		return raw(dot)
	case *parse.NilNode:
		return reflect.Value{}
	case *parse.FieldNode:
		return raw(s.evalFieldChain(dot, dot, arg.Ident, []parse.Node{n}, missingVal))
	case *parse.VariableNode:
		return raw(s.evalVariableNode(dot, arg, nil, missingVal))
	case *parse.PipeNode:
		return raw(s.evalPipeline(dot, arg))
	case *parse.IdentifierNode:
		return raw(s.evalFunction(dot, arg, nil, missingVal))
	}
	return s.evalEmptyInterface(dot, n)
}

// raw is v passed for a reflect.Value parameter (validateType): v itself.
func raw(v reflect.Value) reflect.Value {
	if v.IsValid() && v.Type() == reflectValueType {
		fallback()
	}
	return v
}

func (s *state) printValue(v reflect.Value) {
	if v.Kind() == reflect.Pointer {
		v, _ = indirect(v)
	}
	if !v.IsValid() {
		s.w.WriteString("<no value>")
		return
	}
	if t := v.Type(); t == stringType || t == htmlType {
		str := v.String()
		if s.e.printHook == nil || !s.e.printHook(s.w, str) {
			s.w.WriteString(str)
		}
		return
	}
	if !v.Type().Implements(errorType) && !v.Type().Implements(fmtStringerType) {
		if v.CanAddr() && (reflect.PointerTo(v.Type()).Implements(errorType) || reflect.PointerTo(v.Type()).Implements(fmtStringerType)) {
			v = v.Addr()
		} else {
			switch v.Kind() {
			case reflect.Chan, reflect.Func:
				fallback()
			}
		}
	}
	fmt.Fprint(s.w, v.Interface())
}

// builtin names text/template's builtin functions that Execute runs
// itself (bNone: a FuncMap function).
type builtin uint8

const (
	bNone builtin = iota
	bAnd
	bOr
	bNot
	bEq
	bNe
	bLt
	bLe
	bGt
	bGe
	bIndex
	bSlice
	bLen
	bCall
)

var builtins = map[string]builtin{
	"and": bAnd, "or": bOr, "not": bNot,
	"eq": bEq, "ne": bNe, "lt": bLt, "le": bLe, "gt": bGt, "ge": bGe,
	"index": bIndex, "slice": bSlice, "len": bLen, "call": bCall,
}

// builtinFuncs are text/template's other builtins: ordinary functions.
var builtinFuncs = map[string]any{
	"html":     texttemplate.HTMLEscaper,
	"js":       texttemplate.JSEscaper,
	"urlquery": texttemplate.URLQueryEscaper,
	"print":    fmt.Sprint,
	"printf":   fmt.Sprintf,
	"println":  fmt.Sprintln,
}

// evalBuiltin calls builtin b as text/template's evalCall does: every
// argument as a reflect.Value, and and/or evaluating theirs in order only
// until one decides.
func (s *state) evalBuiltin(dot reflect.Value, b builtin, args []parse.Node, final reflect.Value) reflect.Value {
	if args != nil {
		args = args[1:]
	}
	numIn := len(args)
	if !isMissing(final) {
		numIn++
	}
	switch b {
	case bAnd, bOr, bEq, bIndex, bSlice:
		if numIn < 1 {
			fallback()
		}
	case bNot, bLen:
		if numIn != 1 {
			fallback()
		}
	case bNe, bLt, bLe, bGt, bGe:
		if numIn != 2 {
			fallback()
		}
	default:
		fallback()
	}
	if b == bAnd || b == bOr {
		var v reflect.Value
		for _, arg := range args {
			v = s.evalRaw(dot, arg)
			if truth(v) == (b == bOr) {
				return v
			}
		}
		if !isMissing(final) {
			v = raw(final)
		}
		return v
	}
	var argv [4]reflect.Value
	xs := argv[:0]
	for _, arg := range args {
		xs = append(xs, s.evalRaw(dot, arg))
	}
	if !isMissing(final) {
		xs = append(xs, raw(final))
	}
	var (
		out bool
		v   reflect.Value
		err error
	)
	switch b {
	case bNot:
		return reflect.ValueOf(not(xs[0]))
	case bEq:
		out, err = eq(xs[0], xs[1:]...)
	case bNe:
		out, err = ne(xs[0], xs[1])
	case bLt:
		out, err = lt(xs[0], xs[1])
	case bLe:
		out, err = le(xs[0], xs[1])
	case bGt:
		out, err = gt(xs[0], xs[1])
	case bGe:
		out, err = ge(xs[0], xs[1])
	case bIndex:
		v, err = index(xs[0], xs[1:]...)
	case bSlice:
		v, err = slice(xs[0], xs[1:]...)
	case bLen:
		var n int
		n, err = length(xs[0])
		v = reflect.ValueOf(n)
	}
	if err != nil {
		fallback()
	}
	if b == bIndex || b == bSlice || b == bLen {
		return v
	}
	return reflect.ValueOf(out)
}
