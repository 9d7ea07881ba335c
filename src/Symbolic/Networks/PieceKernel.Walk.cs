namespace Verifier.Symbolic.Networks;

internal sealed partial class PieceKernel<TInt>
{
    /// <summary>
    /// What an activation's walk and a max's walk share: the queue of their units' (groups') next events, each unit's
    /// state (an activation's region, a group's winner), its current output (alpha, beta) over the node's output
    /// denominator, and the output and state changes gathered since the last breakpoint was flushed.
    /// </summary>
    private abstract class Walk(int width)
    {
        private readonly TInt[] _outAlpha = new TInt[width];
        private readonly TInt[] _outBeta = new TInt[width];
        private readonly TInt[] _dAlpha = new TInt[width];
        private readonly TInt[] _dBeta = new TInt[width];
        private readonly bool[] _touched = new bool[width];
        private readonly bool[] _stateChanged = new bool[width];
        private readonly List<int> _touchedList = [];
        private readonly List<int> _stateList = [];

        /// <summary>Each unit's state: an activation's region, a max group's winner (its position in the group).</summary>
        public readonly int[] State = new int[width];

        /// <summary>The units' next events.</summary>
        public readonly UnitQueue<TInt> Queue = new(width);

        /// <summary>The queued unit with the earliest event time, and that time.</summary>
        public (int Unit, Frac At) Next()
        {
            var (unit, p, q) = Queue.Peek();
            return (unit, new Frac(p, q));
        }

        /// <summary>Records unit <paramref name="u"/>'s state and output from now on, gathering their changes.</summary>
        protected void Record(int u, int state, TInt alpha, TInt beta)
        {
            checked
            {
                if (state != State[u] && !_stateChanged[u]) { _stateChanged[u] = true; _stateList.Add(u); }
                State[u] = state;
                if (!_touched[u]) { _touched[u] = true; _touchedList.Add(u); }
                _dAlpha[u] += alpha - _outAlpha[u];
                _dBeta[u] += beta - _outBeta[u];
                _outAlpha[u] = alpha;
                _outBeta[u] = beta;
            }
        }

        /// <summary>Writes the changes gathered since the last flush as events at breakpoint <paramref name="id"/>.</summary>
        public void Flush(int id, PieceTrack<TInt> track, StateTrack states)
        {
            foreach (int u in _touchedList) _touched[u] = false;
            track.Emit(id, _touchedList, _dAlpha, _dBeta);
            foreach (int u in _stateList) _stateChanged[u] = false;
            states.Emit(id, _stateList, State);
        }

        /// <summary>Sets the current outputs to the first piece's.</summary>
        public void Start(TInt[] alpha, TInt[] beta)
        {
            Array.Copy(alpha, _outAlpha, alpha.Length);
            Array.Copy(beta, _outBeta, beta.Length);
        }
    }
}
