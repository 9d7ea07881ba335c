using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Text;

namespace Verifier.Cli.CommandLine;

/// <summary>
/// The generated help: for the root command the list of commands, for a command its usage lines, its options (from the
/// command table: names, help names, descriptions with their defaults) and its epilogue (generated from the method
/// registry and the axiom catalogue). Replaces the action of System.CommandLine's help option (<c>-h</c>, <c>--help</c>),
/// so that <c>verifier X --help</c> prints this and exits 0.
/// </summary>
internal static class HelpWriter
{
    /// <summary>The width the help is wrapped at.</summary>
    public const int Width = 112;

    private const int Column = 22;

    /// <summary>The help of <paramref name="command"/>.</summary>
    public static string Text(Command command) => command is RootCommand root ? Commands(root) : Of(command);

    /// <summary>Installs the generated help as the action of the root's help option (recursive: every command has it).</summary>
    public static void Install(RootCommand root)
    {
        foreach (var help in root.Options.OfType<HelpOption>()) help.Action = new Action();
    }

    private static string Commands(RootCommand root)
    {
        var sb = new StringBuilder();
        sb.AppendLine("verifier: exact feature attributions.");
        sb.AppendLine();
        sb.AppendLine("Usage: verifier <command> [options]");
        sb.AppendLine();
        sb.AppendLine("Commands:");
        foreach (var c in root.Subcommands.Where(c => !c.Hidden))
            sb.AppendLine(Row("  " + c.Name, c.Description ?? "", 19));
        sb.AppendLine();
        sb.AppendLine("Run 'verifier <command> --help' for the options of a command; 'verifier completion bash' prints shell completion.");
        sb.AppendLine("Every command accepts --debug (the stack trace of an internal error).");
        sb.AppendLine("Exit codes: 0 success, 1 failure (a claim of 'prove' failed, or an internal error), 2 bad input or usage.");
        return sb.ToString();
    }

    private static string Of(Command command)
    {
        var sb = new StringBuilder();
        var verb = command as Verb;
        var usage = verb?.UsageLines is { Count: > 0 } lines ? lines : [$"verifier {command.Name} [options]"];
        for (int k = 0; k < usage.Count; k++) sb.AppendLine((k == 0 ? "Usage: " : "       ") + usage[k]);
        sb.AppendLine();
        if (verb?.About is { } about)
        {
            foreach (var paragraph in about.Split('\n')) sb.AppendLine(Wrap(paragraph, 0, 0));
            sb.AppendLine();
        }
        if (command.Arguments.Count > 0)
        {
            sb.AppendLine("Arguments:");
            foreach (var a in command.Arguments.Where(a => !a.Hidden)) sb.AppendLine(Row("  " + a.Name, a.Description ?? "", Column));
            sb.AppendLine();
        }
        sb.AppendLine("Options:");
        foreach (var o in command.Options.Where(o => !o.Hidden && o is not HelpOption))
            sb.AppendLine(Row("  " + Label(o), o.Description ?? "", Column));
        sb.AppendLine(Row("  -h, --help", "this help", Column));
        sb.AppendLine(Row("  --debug", "the stack trace of an internal error (every command)", Column));
        if (verb?.Epilogue is { } epilogue)
        {
            sb.AppendLine();
            sb.Append(epilogue());
        }
        var text = sb.ToString();
        return text.EndsWith('\n') ? text : text + Environment.NewLine;
    }

    // "--name HELPNAME" (flags: the name alone).
    private static string Label(Option o) =>
        o.Arity.MaximumNumberOfValues == 0 || string.IsNullOrEmpty(o.HelpName) ? o.Name : $"{o.Name} {o.HelpName}";

    // A two-column row: the label, then the description wrapped at the column (on the next line when the label is long);
    // line breaks in the description start new lines at the column.
    private static string Row(string label, string description, int column)
    {
        var sb = new StringBuilder(label);
        bool first = true;
        foreach (var paragraph in description.Split('\n'))
        {
            if (first && label.Length < column) sb.Append(' ', column - label.Length);
            else sb.AppendLine().Append(' ', column);
            sb.Append(Wrap(paragraph, column, column).TrimStart());
            first = false;
        }
        return sb.ToString().TrimEnd();
    }

    /// <summary>Words wrapped at <see cref="Width"/>: the first line indented by <paramref name="indent"/> spaces, the
    /// others by <paramref name="hanging"/>; words are not broken.</summary>
    public static string Wrap(string text, int indent, int hanging)
    {
        var sb = new StringBuilder();
        var line = new StringBuilder(new string(' ', indent));
        int start = indent;
        foreach (var word in text.Split(' '))
        {
            if (line.Length > start && line.Length + 1 + word.Length > Width)
            {
                sb.AppendLine(line.ToString().TrimEnd());
                start = hanging;
                line.Clear().Append(' ', start);
            }
            if (line.Length > start) line.Append(' ');
            line.Append(word);
        }
        sb.Append(line.ToString().TrimEnd());
        return sb.ToString();
    }

    /// <summary>Writes the help of the parsed command to the invocation's output and exits 0.</summary>
    private sealed class Action : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.Write(Text(parseResult.CommandResult.Command));
            return CliApp.Success;
        }
    }
}
