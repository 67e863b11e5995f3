package manifest

import (
	"bytes"
	"fmt"
	"os"

	"aead.dev/minisign"
)

// PublicKey and SecretKey are minisign keys: files written by KeyGen or
// by `minisign -G` work alike.
type (
	PublicKey = minisign.PublicKey
	SecretKey = minisign.PrivateKey
)

// KeyGen returns a new key pair as the text of a minisign public key file
// and secret key file. The secret key is encrypted with password (scrypt
// with minisign's own cost, about a second and 1 GiB of memory), or
// stored in the clear when password is empty.
func KeyGen(password string) (pub, sec []byte, err error) {
	pk, sk, err := minisign.GenerateKey(nil)
	if err != nil {
		return nil, nil, fmt.Errorf("generate key: %w", err)
	}
	pub, _ = pk.MarshalText()
	pub = append(pub, '\n')
	if password != "" {
		sec, err = minisign.EncryptKey(password, sk)
	} else {
		// Like `minisign -G -W`: the key in the clear, checksum left zero.
		sec, err = sk.MarshalText()
	}
	if err != nil {
		return nil, nil, fmt.Errorf("encode secret key: %w", err)
	}
	return pub, append(sec, '\n'), nil
}

// ReadPublicKey reads a minisign public key file.
func ReadPublicKey(name string) (PublicKey, error) {
	var pk PublicKey
	data, err := os.ReadFile(name)
	if err != nil {
		return pk, fmt.Errorf("read public key: %w", err)
	}
	if err := pk.UnmarshalText(bytes.TrimSpace(data)); err != nil {
		return pk, fmt.Errorf("%s: not a minisign public key (%w)", name, err)
	}
	return pk, nil
}

// ReadSecretKey reads a minisign secret key file, decrypting it with
// password when it is encrypted.
func ReadSecretKey(name, password string) (SecretKey, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return SecretKey{}, fmt.Errorf("read secret key: %w", err)
	}
	return ParseSecretKey(name, data, password)
}

// KeyEncrypted reports whether the secret key file text is encrypted.
func KeyEncrypted(data []byte) bool { return minisign.IsEncrypted(bytes.TrimSpace(data)) }

// ParseSecretKey decodes the text of a secret key file named name.
func ParseSecretKey(name string, data []byte, password string) (SecretKey, error) {
	data = bytes.TrimSpace(data)
	if minisign.IsEncrypted(data) {
		if password == "" {
			return SecretKey{}, fmt.Errorf("%s: the secret key is encrypted (set CONGBO_KEY_PASSWORD or run in a terminal)", name)
		}
		sk, err := minisign.DecryptKey(password, data)
		if err != nil {
			return SecretKey{}, fmt.Errorf("%s: wrong password, or not a minisign secret key", name)
		}
		return sk, nil
	}
	var sk SecretKey
	if err := sk.UnmarshalText(data); err != nil {
		return sk, fmt.Errorf("%s: not a minisign secret key (%w)", name, err)
	}
	return sk, nil
}

// PublicKeyOf returns the public half of key as the base64 line of a
// minisign public key file, the form site.yaml's security.publicKey holds.
func PublicKeyOf(key SecretKey) string {
	pk, _ := key.Public().(PublicKey)
	text, _ := pk.MarshalText() // cannot fail; "untrusted comment: …\n<key>"
	return string(text[bytes.LastIndexByte(text, '\n')+1:])
}

// KeyID formats a key id as minisign prints it.
func KeyID(id uint64) string {
	return fmt.Sprintf("%016X", id)
}
