// pulumi-language-nodejs for castai-fleet's offline engine.
//
// The Go module proxy serves the Pulumi CLI (module pkg/v3) but not the Node language host's own module, so this
// small host stands in for it. It speaks the LanguageRuntime gRPC protocol of the sdk it is built against and
// does what the engine needs from a Node host: run a program through the SDK's `cmd/run`, run policy packs and
// plugins through `cmd/run-policy-pack` / `cmd/run-plugin` (RunPlugin), and report no extra plugins.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"

	sdk "github.com/pulumi/pulumi/sdk/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"
)

// version is reported to the engine; it is the SDK release the host is built against.
const version = "3.246.0"

// exitUserActionable is the code the SDK's run scripts use after they printed an actionable message themselves.
const exitUserActionable = 32

type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	engineAddress string
}

func main() {
	args := os.Args[1:]
	// Flags such as -root or -tracing may precede the engine address, which always comes last.
	engine := ""
	if len(args) > 0 {
		engine = args[len(args)-1]
	}
	cancel := make(chan bool)
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: cancel,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, &host{engineAddress: engine})
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "fatal: could not start language host RPC server: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "fatal: language host RPC server stopped: %v\n", err)
		os.Exit(1)
	}
}

func (h *host) Handshake(_ context.Context, req *pulumirpc.LanguageHandshakeRequest) (*pulumirpc.LanguageHandshakeResponse, error) {
	if req.GetEngineAddress() != "" {
		h.engineAddress = req.GetEngineAddress()
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *host) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version}, nil
}

// Plugins come from the program's node_modules and the engine is run with plugin acquisition off, so the host
// reports none rather than scanning package.json files.
func (h *host) GetRequiredPlugins(context.Context, *pulumirpc.GetRequiredPluginsRequest) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

func (h *host) GetRequiredPackages(context.Context, *pulumirpc.GetRequiredPackagesRequest) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

func (h *host) GetProgramDependencies(context.Context, *pulumirpc.GetProgramDependenciesRequest) (*pulumirpc.GetProgramDependenciesResponse, error) {
	return &pulumirpc.GetProgramDependenciesResponse{}, nil
}

func (h *host) RuntimeOptionsPrompts(context.Context, *pulumirpc.RuntimeOptionsRequest) (*pulumirpc.RuntimeOptionsResponse, error) {
	return &pulumirpc.RuntimeOptionsResponse{}, nil
}

func (h *host) About(context.Context, *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	out, err := exec.Command("node", "--version").Output()
	if err != nil {
		return nil, fmt.Errorf("node is not on PATH: %w", err)
	}
	return &pulumirpc.AboutResponse{Executable: "node", Version: strings.TrimSpace(string(out))}, nil
}

// Dependencies are installed by the project's own npm scripts before the engine runs.
func (h *host) InstallDependencies(*pulumirpc.InstallDependenciesRequest, grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse]) error {
	return nil
}

// runtimeOptions are the `runtime.options` of Pulumi.yaml / PulumiPolicy.yaml.
type runtimeOptions struct {
	typescript bool
	tsconfig   string
	nodeargs   []string
}

func parseOptions(s *structpb.Struct) runtimeOptions {
	opts := runtimeOptions{typescript: true}
	if s == nil {
		return opts
	}
	m := s.AsMap()
	if v, ok := m["typescript"].(bool); ok {
		opts.typescript = v
	}
	if v, ok := m["tsconfig"].(string); ok {
		opts.tsconfig = v
	}
	if v, ok := m["nodeargs"].(string); ok && v != "" {
		opts.nodeargs = strings.Fields(v)
	}
	return opts
}

func (o runtimeOptions) env() []string {
	env := []string{}
	if o.typescript {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if o.tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+o.tsconfig)
	}
	return env
}

// resolveSDKModule finds `@pulumi/pulumi/<module>` as Node would from dir, so the program's own SDK runs it.
func resolveSDKModule(dir, module string) (string, error) {
	cmd := exec.Command("node", "-e", "console.log(require.resolve(process.argv[1]))", "@pulumi/pulumi/"+module)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("cannot find @pulumi/pulumi/%s from %s: has `npm install` been run there? (%w)", module, dir, err)
	}
	return strings.TrimSpace(string(out)), nil
}

func programPath(info *pulumirpc.ProgramInfo, fallback string) (dir, entry string) {
	if info != nil && info.GetProgramDirectory() != "" {
		return info.GetProgramDirectory(), filepath.Join(info.GetProgramDirectory(), info.GetEntryPoint())
	}
	if fallback == "" {
		fallback = "."
	}
	return fallback, fallback
}

func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	dir, entry := programPath(req.GetInfo(), req.GetProgram())
	opts := parseOptions(req.GetInfo().GetOptions())
	runPath, err := resolveSDKModule(dir, "cmd/run")
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	config, err := json.Marshal(nonNilMap(req.GetConfig()))
	if err != nil {
		return nil, err
	}
	secretKeys, err := json.Marshal(nonNilSlice(req.GetConfigSecretKeys()))
	if err != nil {
		return nil, err
	}

	args := append([]string{}, opts.nodeargs...)
	args = append(args, runPath)
	flag := func(k, v string) {
		if v != "" {
			args = append(args, "--"+k, v)
		}
	}
	flag("monitor", req.GetMonitorAddress())
	flag("engine", h.engineAddress)
	flag("organization", req.GetOrganization())
	flag("project", req.GetProject())
	flag("stack", req.GetStack())
	flag("pwd", req.GetPwd())
	if req.GetInfo() != nil {
		flag("root-directory", req.GetInfo().GetRootDirectory())
	}
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	flag("parallel", fmt.Sprint(req.GetParallel()))
	args = append(args, entry)
	args = append(args, req.GetArgs()...)

	cmd := exec.CommandContext(ctx, "node", args...)
	cmd.Dir = req.GetPwd()
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	cmd.Env = append(os.Environ(), "PULUMI_CONFIG="+string(config), "PULUMI_CONFIG_SECRET_KEYS="+string(secretKeys))
	cmd.Env = append(cmd.Env, opts.env()...)
	if err := cmd.Run(); err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			if exitErr.ExitCode() == exitUserActionable {
				return &pulumirpc.RunResponse{Bail: true}, nil
			}
			return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exitErr.ExitCode())}, nil
		}
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("could not run node: %v", err)}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}

// pluginModules maps the plugin kinds the engine asks for to the SDK script that boots them.
var pluginModules = map[string]string{
	"analyzer": "cmd/run-policy-pack",
	"resource": "cmd/run-plugin",
}

func (h *host) RunPlugin(req *pulumirpc.RunPluginRequest, server grpc.ServerStreamingServer[pulumirpc.RunPluginResponse]) error {
	module, ok := pluginModules[req.GetKind()]
	if !ok {
		return fmt.Errorf("plugins of kind %q are not supported by this language host", req.GetKind())
	}
	dir, _ := programPath(req.GetInfo(), req.GetProgram())
	opts := parseOptions(req.GetInfo().GetOptions())
	runPath, err := resolveSDKModule(dir, module)
	if err != nil {
		return err
	}
	args := append([]string{}, opts.nodeargs...)
	args = append(args, runPath)
	args = append(args, req.GetArgs()...)
	args = append(args, dir)

	ctx := server.Context()
	var sendMu sync.Mutex
	send := func(resp *pulumirpc.RunPluginResponse) error {
		sendMu.Lock()
		defer sendMu.Unlock()
		return server.Send(resp)
	}
	stdout := streamWriter{send: send, wrap: func(b []byte) *pulumirpc.RunPluginResponse {
		return &pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stdout{Stdout: b}}
	}}
	stderr := streamWriter{send: send, wrap: func(b []byte) *pulumirpc.RunPluginResponse {
		return &pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stderr{Stderr: b}}
	}}

	cmd := exec.CommandContext(ctx, "node", args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), req.GetEnv()...), opts.env()...)
	cmd.Stderr = stderr
	if req.GetKind() == "analyzer" {
		err = runPolicyPack(ctx, cmd, stdout)
	} else {
		cmd.Stdout = stdout
		err = cmd.Run()
	}

	code := int32(0)
	if err != nil {
		var exitErr *exec.ExitError
		if !errors.As(err, &exitErr) {
			return err
		}
		code = int32(exitErr.ExitCode())
	}
	return send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Exitcode{Exitcode: code}})
}

// runPolicyPack starts a Node policy pack the way @pulumi/policy expects: the engine first configures the stack
// through the SDK's policy proxy, and the pack process then learns the stack, project and config from the
// environment (PULUMI_NODEJS_*), as it would from Pulumi's own language host.
func runPolicyPack(ctx context.Context, cmd *exec.Cmd, stdout io.Writer) error {
	proxy, childStdout, err := sdk.NewPolicyProxy(ctx, stdout)
	if err != nil {
		return err
	}
	cfg, err := proxy.AwaitConfiguration(ctx)
	if err != nil {
		return err
	}
	if cfg != nil {
		config, err := json.Marshal(nonNilMap(cfg.GetConfig()))
		if err != nil {
			return err
		}
		secretKeys, err := json.Marshal(nonNilSlice(cfg.GetConfigSecretKeys()))
		if err != nil {
			return err
		}
		cmd.Env = append(cmd.Env,
			"PULUMI_NODEJS_STACK="+cfg.GetStack(),
			"PULUMI_NODEJS_PROJECT="+cfg.GetProject(),
			"PULUMI_NODEJS_ORGANIZATION="+cfg.GetOrganization(),
			fmt.Sprintf("PULUMI_NODEJS_DRY_RUN=%t", cfg.GetDryRun()),
			"PULUMI_CONFIG="+string(config),
			"PULUMI_CONFIG_SECRET_KEYS="+string(secretKeys),
		)
	}
	cmd.Stdout = childStdout
	if err := cmd.Start(); err != nil {
		return err
	}
	return proxy.Attach(ctx, cmd)
}

// streamWriter forwards a child's output to the engine as RunPlugin messages.
type streamWriter struct {
	send func(*pulumirpc.RunPluginResponse) error
	wrap func([]byte) *pulumirpc.RunPluginResponse
}

func (w streamWriter) Write(p []byte) (int, error) {
	if err := w.send(w.wrap(append([]byte(nil), p...))); err != nil {
		return 0, err
	}
	return len(p), nil
}

func nonNilMap(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

func nonNilSlice(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
