using System.CommandLine;

namespace Verifier.Cli.CommandLine;

/// <summary>
/// <c>verifier completion bash</c>: prints a bash completion script. The script asks the program itself through
/// System.CommandLine's <c>[suggest:POSITION]</c> directive (<c>verifier "[suggest:12]" "verifier che"</c> prints the
/// candidates one per line), so commands, options and option values (methods from the registry, axioms, formats,
/// rules) complete from the same command table that parses them.
/// </summary>
internal static class CompletionCommand
{
    /// <summary>The shells a script is written for.</summary>
    public static readonly string[] Shells = ["bash"];

    /// <summary>The command's entry in the command table.</summary>
    public static Verb Definition(RootCommand root, CliContext c)
    {
        var shell = new Argument<string>("SHELL") { Description = $"the shell: {string.Join(", ", Shells)}", Arity = ArgumentArity.ExactlyOne };
        shell.CompletionSources.Add(Shells);
        var verb = new Verb("completion", "print a shell completion script (bash): source <(verifier completion bash)")
        {
            UsageLines = ["verifier completion bash"],
            About = "Prints a bash script that completes verifier's commands, options and option values (methods, axioms, "
                + "formats, rules) by asking verifier itself (System.CommandLine's [suggest] directive). Load it in the current "
                + "shell with: source <(verifier completion bash), or save it as /etc/bash_completion.d/verifier. It completes "
                + "the command named 'verifier' on the PATH (e.g. the NativeAOT binary, README).",
        };
        verb.Arguments.Add(shell);
        verb.SetAction(r =>
        {
            var name = r.GetValue(shell)!;
            if (name != "bash") throw new UsageException($"unknown shell '{Parsed.Shorten(name)}'; expected {string.Join(", ", Shells)}");
            c.Stdout.Write(Bash);
            return CliApp.Success;
        });
        return verb;
    }

    /// <summary>The bash script: the line after the command word is handed to 'verifier [suggest:N]' as "verifier ...",
    /// with the cursor position moved by the difference, whatever path the command was typed as.</summary>
    public const string Bash =
        """
        # bash completion for verifier: source <(verifier completion bash)
        _verifier_complete()
        {
            local word0="${COMP_WORDS[0]}"
            local rest="${COMP_LINE:${#word0}}"
            local point=$(( COMP_POINT - ${#word0} + 8 ))
            local candidates
            candidates=$("$word0" "[suggest:${point}]" "verifier${rest}" 2>/dev/null) || return 0
            local IFS=$'\n'
            COMPREPLY=( $(compgen -W "${candidates}" -- "${COMP_WORDS[COMP_CWORD]}") )
        }
        complete -o default -o bashdefault -F _verifier_complete verifier

        """;
}
