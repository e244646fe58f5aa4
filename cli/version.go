package cli

import (
	"context"
	"fmt"
	"runtime"
)

// version is stamped at build time with
// -ldflags "-X charterbot/cli.version=v1.2.3"; see the Dockerfile.
var version = "dev"

// runVersion runs `charterbot version`.
func runVersion(ctx context.Context, env *cmdEnv, args []string) error {
	fs := newFlagSet("version")
	pos, err := parseArgs(env, fs, "", args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("version: takes no arguments")
	}
	fmt.Fprintf(env.stdout, "charterbot %s (%s %s/%s)\n", version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return nil
}
