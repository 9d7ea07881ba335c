using Verifier.Symbolic;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Methods;

/// <summary>
/// The attribution methods the commands know, each described once (<see cref="MethodDescriptor"/>), in the order the help,
/// the matrix and the conformance suite list them. A registry is immutable: <see cref="BuiltIn"/> holds the toolkit's
/// methods, and <see cref="With(IAttributionMethod)"/> adds a method at run time (a user's class, an external process)
/// in one call, giving a new registry that the commands then read.
/// </summary>
public sealed class MethodRegistry
{
    private readonly IReadOnlyList<MethodDescriptor> _all;

    private MethodRegistry(IReadOnlyList<MethodDescriptor> all)
    {
        var duplicate = all.GroupBy(d => d.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"two methods are named '{duplicate.Key}'", nameof(all));
        _all = all;
    }

    /// <summary>The toolkit's built-in methods.</summary>
    public static MethodRegistry BuiltIn { get; } = new(BuiltInDescriptors.All);

    /// <summary>Every method, in order; the first is the default.</summary>
    public IReadOnlyList<MethodDescriptor> All => _all;

    /// <summary>The default method of <c>attribute</c> and <c>crosscheck</c> (<c>--method</c> left out): the first entry.</summary>
    public MethodDescriptor Default => _all[0];

    /// <summary>The methods that run an attribution query (<c>verifier attribute</c>, <c>--batch</c>).</summary>
    public IEnumerable<MethodDescriptor> Queryable => _all.Where(d => d.Run is not null);

    /// <summary>The methods with a numeric counterpart (<c>verifier crosscheck</c>).</summary>
    public IEnumerable<MethodDescriptor> Numeric => _all.Where(d => d.Numeric is not null);

    /// <summary>The rows of the methods x axioms matrix, in order.</summary>
    public IReadOnlyList<IAttributionMethod> MatrixMethods => [.. _all.SelectMany(d => d.MatrixRows?.Invoke() ?? [])];

    /// <summary>The names <c>check</c> accepts: every method that is a baseline attribution, then the matrix rows that are
    /// not methods of their own (e.g. <c>path:staircase</c>).</summary>
    public IEnumerable<string> CheckNames =>
        _all.Where(d => d.Create is not null).Select(d => d.Name)
            .Concat(MatrixMethods.Select(m => m.Name).Where(n => Find(n) is null)).Distinct();

    /// <summary>The method of a name, or null.</summary>
    public MethodDescriptor? Find(string name) => _all.FirstOrDefault(d => d.Name == name);

    /// <summary>A registry with one more method.</summary>
    /// <exception cref="ArgumentException">A method of that name is already registered.</exception>
    public MethodRegistry With(MethodDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        return new MethodRegistry([.. _all, descriptor]);
    }

    /// <summary>A registry with one more method implemented elsewhere (a user's <see cref="IAttributionMethod"/>, an
    /// external process): its descriptor comes from the method (<see cref="MethodDescriptor.Of"/>), it becomes a matrix
    /// row, and <c>check --method NAME</c> finds it.</summary>
    /// <exception cref="ArgumentException">A method of that name is already registered.</exception>
    public MethodRegistry With(IAttributionMethod method) => With(MethodDescriptor.Of(method));

    /// <summary>The method of a name for the axiom checks (<c>check</c>, <c>matrix --methods</c>), with the <c>--path</c>
    /// text in reference coordinates and parameter values as text.</summary>
    /// <exception cref="InputArgumentException">An unknown name, a path or parameter the method does not take, or a bad value.</exception>
    public IAttributionMethod Method(string name, string? pathSpec = null, IReadOnlyDictionary<string, string>? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Resolve(name, pathSpec, parameters is { Count: > 0 }, d => d.Bind(parameters ?? new Dictionary<string, string>(), query: false));
    }

    /// <summary>As <see cref="Method(string, string?, IReadOnlyDictionary{string, string}?)"/>, with parameter values as numbers.</summary>
    public IAttributionMethod Method(string name, string? pathSpec, IReadOnlyDictionary<string, Rational> parameters)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(parameters);
        return Resolve(name, pathSpec, parameters.Count > 0, d => d.Bind(parameters));
    }

    /// <summary>The method of a name that runs attribution queries.</summary>
    /// <exception cref="InputArgumentException">Unknown, or not a method that attributes a single query.</exception>
    public MethodDescriptor Query(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Find(name) is { Run: not null } d ? d
            : throw new InputArgumentException($"unknown method '{name}'; expected one of {string.Join(", ", Queryable.Select(q => q.Name))}");
    }

    /// <summary>"--path is used by method 'path' only": the methods that read a path, for messages.</summary>
    public string PathMethodsText => Names(_all.Where(d => d.Reads(QueryInputs.Path)).Select(d => d.Name));

    /// <summary>"method 'eg'" or "methods 'a', 'b'" for messages.</summary>
    public static string Names(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count == 1 ? $"method '{list[0]}'" : "methods " + string.Join(", ", list.Select(n => $"'{n}'"));
    }

    private IAttributionMethod Resolve(string name, string? pathSpec, bool hasParameters, Func<MethodDescriptor, MethodArguments> bind)
    {
        var d = Find(name);
        bool straight = pathSpec is null || pathSpec.Trim() == "straight";
        if (d is null)
        {
            // a matrix row that is not a method of its own (a path method along a fixed reference path)
            var row = MatrixMethods.FirstOrDefault(m => m.Name == name)
                ?? throw new InputArgumentException($"unknown method '{name}'; expected one of {string.Join(", ", CheckNames)}");
            if (hasParameters) throw new InputArgumentException($"method '{name}' takes no parameters");
            if (!straight) throw new InputArgumentException($"--path is used by {PathMethodsText} only, not by '{name}'");
            return row;
        }
        if (d.Create is null)
            throw new InputArgumentException(
                $"method '{name}' is not a baseline attribution A(x, x', F) that the axioms apply to; expected one of {string.Join(", ", CheckNames)}");
        if (!straight && !d.Reads(QueryInputs.Path))
            throw new InputArgumentException($"--path is used by {PathMethodsText} only, not by '{name}'");
        return d.Create(bind(d), pathSpec);
    }
}
