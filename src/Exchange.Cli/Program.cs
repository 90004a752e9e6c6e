using Exchange.Cli;
using Spectre.Console;

// exchange: the operators' command line (README, Operator CLI). Ctrl-C cancels the running command.
var context = new CliContext(AnsiConsole.Console, Console.Error, Environment.GetEnvironmentVariable, TimeProvider.System);
return await CliApp.RunAsync(args, context);
