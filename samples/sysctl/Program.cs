using HumanzCni.Chain.Hosting;
using HumanzCni.Chain.Pipeline;
using HumanzCni.Samples.Sysctls;

// A CNI plugin's main: the runtime talks to it through CNI_* variables and the config on stdin; PluginHost
// runs the type the config names and prints the result or the error JSON. Exceptions the stages do not turn
// into a CniException themselves are internal errors (null: code 199, with the message). With no defaultLogFile, a call
// logs only where its config's "logFile" says.
var registry = new PluginTypeRegistry().Add(SysctlPlugin.Create());
var host = new PluginHost(registry, classify: static _ => null);
using var stdin = Console.OpenStandardInput();
using var stdout = Console.OpenStandardOutput();
return host.Run(Environment.GetEnvironmentVariable, stdin, stdout);
