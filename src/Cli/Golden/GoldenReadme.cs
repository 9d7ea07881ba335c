namespace Verifier.Cli.Golden;

/// <summary>The README.md of a conformance suite (<c>verifier golden</c>): the files, how to compare, the conventions, the
/// quadrature bounds and Captum's trapezoid weights.</summary>
internal static class GoldenReadme
{
    public static string Text(int seed, int cases, int count) => $$"""
        # Attribution conformance suite

        Written by `verifier golden --seed {{seed}} --cases {{cases}}`: {{count}} cases. Test any implementation of these
        attribution methods, in any language, against exact ground truth.

        - `queries.jsonl`: one query per line, in the `verifier attribute --batch` format (CONTRACT.md): `id`, `function`
          (x1..xn syntax) and `dim`, or `network` (inline `verifier-network/1`), `input`, `baseline` (absent: zeros, or
          no baseline for `gradient` and LRP), `method`, `path`, `baselines` (for `eg`), `params`. Numbers are exact
          strings: `"-2/3"`.
        - `expected.jsonl`: line k is the result for line k of `queries.jsonl`, with the same `id`: `attributions`
          (exact: a rational `"3/2"` or a closed form such as `"2*sigmoid(3) - 1"`), `attributions_approx` (the nearest
          doubles), `f_input`, `f_baseline`, `sum`, `completeness_gap`, `exact`, and `pieces` (breakpoints in t along a
          straight path).
        - `harness.jsonl`: line k describes line k of `queries.jsonl` (same `id`, `method`): `tags` (`smooth`,
          `piecewise-linear`, `piecewise-smooth`, `network`, `kink-dependent`), `convention_dependent` (true when the exact
          result depends on a kink convention: a unit sits on its kink along a whole piece of the path, or the input is on a
          kink for a gradient-type method, or a max ties there; then a mismatch may be a convention, not a defect),
          `convention` (the conventions used), `convention_reason`, and for `ig` `integrand_variation`: per feature, V_i, an
          upper bound on the total variation of (x_i - x'_i) dF/dx_i along the straight path (exact for piecewise-linear F,
          point values at breakpoints included).

        How to compare: an exact implementation compares `attributions` as strings (rationals in lowest terms). A
        floating-point implementation compares with `attributions_approx` at a tolerance |numeric - exact| <= ABS + REL
        |exact|: a float64 implementation with exact line integration agrees to a relative 1e-12. Conventions: relu'(0) = 0
        (PyTorch's), abs'(0) = 0, the first maximal input wins a max tie; the attributed output is `output` of the network
        (default 0); `eg` averages IG over the listed baselines with equal weights; DeepLIFT splits a max-pool group's change
        by Shapley values (`params.maxpool = "argmax"` gives Captum's routing) and LRP gives a group's relevance to its first
        maximal input (`params.maxpool = "epsilon"` gives Captum's epsilon rule).

        Quadrature IG: with n gradient evaluations (nodes), a rule's error on feature i is at most (a rigorous bound for any
        integrand of bounded variation): left or right Riemann V_i/n; midpoint V_i/(2n); trapezoid on n - 1 intervals
        V_i/(2(n-1)); Captum's `riemann_trapezoid` V_i/(2n) + |A_i|/n. Captum's `riemann_trapezoid` puts its n nodes at
        k/(n-1) with weights 1/(2n) at both ends and 1/n inside: they sum to (n-1)/n, not 1, so its IG is (n-1)/n times the
        trapezoid rule and falls short of completeness by a factor (n-1)/n even on a linear model (n times its relative
        error tends to -1). An error outside ABS + REL |exact| + the bound is a defect, not discretisation.

        The last cases pin down known defects of numeric implementations, with the exact value a correct one gives:
        `float-accumulation-third` (baseline Shapley of x1 + x2 at (1/3, 0): 1/3; an implementation that accumulates in
        float32, as Captum's ShapleyValues does, gives 0.33333334) and `relu-after-maxpool` (DeepLIFT Rescale of
        relu(maxpool(x)) at 9/4 from -3/4: 9/4; Captum 0.6 and 0.7 drop the rescale multiplier of a ReLU fed directly by
        nn.MaxPool1d and give 3).

        The networks as ONNX: `networks/NAME.onnx` holds each distinct network of the suite (opset 13, float64 weights equal
        to the suite's rationals, input `"input"` of shape [1, n], output [1, m]; the attributed entry is the network's
        `output`), and `networks/index.json` lists them with the ids of the queries that use them. A network with a weight
        float64 cannot represent (-4/3) has `"exact_weights": false`: its file holds the nearest float64 weights, so its
        values differ from the exact ones by rounding only. Test a framework's forward pass against the exact values in a
        few lines of Python (`pip install onnxruntime numpy`):

        ```python
        import json, numpy as np, onnxruntime as ort
        from fractions import Fraction
        queries = {q["id"]: q for q in map(json.loads, open("queries.jsonl"))}
        expected = {e["id"]: e for e in map(json.loads, open("expected.jsonl"))}
        for net in json.load(open("networks/index.json"))["networks"]:
            session = ort.InferenceSession(net["onnx"])
            for qid in net["queries"]:
                x = np.array([[float(Fraction(v)) for v in queries[qid]["input"]]])
                y = session.run(None, {"input": x})[0][0, net["output"]]
                exact = float(Fraction(expected[qid]["f_input"]))
                assert abs(y - exact) <= 1e-9 * max(1.0, abs(exact)), (qid, y, exact)
        ```

        `verifier attribute --network networks/NAME.onnx --input ...` reads a file with exact weights back as the same
        network, exactly.

        Re-create the expected file with this toolkit: `verifier attribute --batch queries.jsonl > expected.jsonl`. Grade an
        implementation without writing a harness: `verifier conformance --method-cmd "python3 my_ig.py" --as ig` (it speaks
        verifier-method/1; see `adapters/python`).

        """;
}
