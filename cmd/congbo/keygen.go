package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/term"

	"github.com/congbo/congbo/internal/manifest"
)

// Key file names written by keygen.
const (
	pubKeyFile = "congbo.pub"
	secKeyFile = "congbo.key"
)

func runKeygen(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("keygen", flag.ContinueOnError)
	fl.SetOutput(stderr)
	out := fl.String("out", ".", "directory for congbo.pub and congbo.key")
	noPassword := fl.Bool("no-password", false, "store the secret key unencrypted (for a CI secret); default: encrypt it with a password from CONGBO_KEY_PASSWORD or the terminal")
	if _, code, ok := parseFlags(fl, args, 0); !ok {
		return code
	}
	pubPath, secPath := filepath.Join(*out, pubKeyFile), filepath.Join(*out, secKeyFile)
	for _, p := range []string{secPath, pubPath} {
		if _, err := os.Lstat(p); err == nil {
			fmt.Fprintf(stderr, "congbo keygen: %s already exists; refusing to overwrite a key (move it away first)\n", p)
			return 1
		} else if !errors.Is(err, fs.ErrNotExist) {
			fmt.Fprintf(stderr, "congbo keygen: %s\n", err)
			return 1
		}
	}
	password := ""
	if !*noPassword {
		var err error
		if password, err = readPassword(stderr, true); err != nil {
			fmt.Fprintf(stderr, "congbo keygen: %s\n", err)
			return 2
		}
	}
	pub, sec, err := manifest.KeyGen(password)
	if err != nil {
		fmt.Fprintf(stderr, "congbo keygen: %s\n", err)
		return 1
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintf(stderr, "congbo keygen: %s\n", err)
		return 1
	}
	if err := writeNew(secPath, sec, 0o600); err != nil {
		fmt.Fprintf(stderr, "congbo keygen: %s\n", err)
		return 1
	}
	if err := writeNew(pubPath, pub, 0o644); err != nil {
		os.Remove(secPath)
		fmt.Fprintf(stderr, "congbo keygen: %s\n", err)
		return 1
	}
	lines := strings.Split(strings.TrimSpace(string(pub)), "\n")
	fmt.Fprintln(stdout, lines[len(lines)-1])
	fmt.Fprintf(stderr, "congbo: wrote %s (public: put its key line in site.yaml as security.publicKey) and %s (secret: keep it out of the site and of git)\n", pubPath, secPath)
	return 0
}

// writeNew creates name with data and mode, failing if it exists.
func writeNew(name string, data []byte, mode os.FileMode) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(name)
	}
	return err
}

// readPassword returns CONGBO_KEY_PASSWORD, or asks on the terminal
// (twice when confirm is set, for a new key).
func readPassword(stderr io.Writer, confirm bool) (string, error) {
	if p, ok := os.LookupEnv("CONGBO_KEY_PASSWORD"); ok {
		if p == "" {
			return "", errors.New("CONGBO_KEY_PASSWORD is empty (set a password, or use --no-password for an unencrypted key)")
		}
		return p, nil
	}
	fd := int(os.Stdin.Fd())
	if !term.IsTerminal(fd) {
		return "", errors.New("no password: set CONGBO_KEY_PASSWORD, run in a terminal, or use --no-password")
	}
	fmt.Fprint(stderr, "Password for the secret key: ")
	p, err := term.ReadPassword(fd)
	fmt.Fprintln(stderr)
	if err != nil {
		return "", fmt.Errorf("read password: %w", err)
	}
	if len(p) == 0 {
		return "", errors.New("empty password (use --no-password for an unencrypted key)")
	}
	if confirm {
		fmt.Fprint(stderr, "Password again: ")
		again, err := term.ReadPassword(fd)
		fmt.Fprintln(stderr)
		if err != nil {
			return "", fmt.Errorf("read password: %w", err)
		}
		if string(again) != string(p) {
			return "", errors.New("the passwords differ")
		}
	}
	return string(p), nil
}

// readSecretKey reads a secret key, asking for its password only when
// it is encrypted.
func readSecretKey(name string, stderr io.Writer) (manifest.SecretKey, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return manifest.SecretKey{}, fmt.Errorf("read secret key: %w", err)
	}
	password := ""
	if manifest.KeyEncrypted(data) {
		if password, err = readPassword(stderr, false); err != nil {
			return manifest.SecretKey{}, err
		}
	}
	return manifest.ParseSecretKey(name, data, password)
}

// parseFlags parses args, allowing positional arguments between flags
// ("verify DIR --pubkey F"), and wants exactly npos of them. It returns
// the positional arguments, or the exit code and false when the command
// should stop.
func parseFlags(fl *flag.FlagSet, args []string, npos int) ([]string, int, bool) {
	var pos []string
	for {
		if code, ok := parseArgs(fl, args); !ok {
			return nil, code, false
		}
		if fl.NArg() == 0 {
			break
		}
		pos = append(pos, fl.Arg(0))
		args = fl.Args()[1:]
	}
	if len(pos) != npos {
		if len(pos) > npos {
			fmt.Fprintf(fl.Output(), "congbo %s: unexpected argument %q (see congbo %s -h)\n", fl.Name(), pos[npos], fl.Name())
		} else {
			fmt.Fprintf(fl.Output(), "congbo %s: missing directory argument (see congbo %s -h)\n", fl.Name(), fl.Name())
		}
		return nil, 2, false
	}
	return pos, 0, true
}
