namespace Verifier.PathMethods.Paths;

/// <summary>How <see cref="PathParser"/> reads the waypoints of a <c>polyline</c> in the <c>--path</c> syntax.</summary>
public enum PathCoordinates
{
    /// <summary>Waypoints are absolute points between the baseline and the input (<c>verifier attribute --path</c>).</summary>
    Absolute,

    /// <summary>Waypoints are fractions of the way from x'_i to x_i: a reference path from 0 to 1 (all ones), carried to
    /// each baseline and input (<see cref="ReferencePath"/>; <c>verifier check --path</c>). An empty staircase order means
    /// features 1..n in turn, and an empty polyline is the straight line.</summary>
    Reference,
}
