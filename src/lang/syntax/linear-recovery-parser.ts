// Chevrotain's in-repetition recovery, without its quadratic cost. When a repetition (MANY) ends
// on a token that cannot follow it, Chevrotain first looks ahead for the nearest token that can
// follow the enclosing rules (findReSyncTokenType), then skips tokens until the repetition can
// go on or that resynchronization point is reached. The look-ahead runs to the point even when
// the skipping stops long before it: on a block of thousands of broken statements it scans to the
// block's end after every one (2,000 lines of `columns c 1, c2` took 3 s). Here, for that one
// call, the point is not searched for: a stand-in token type that matches every token of the
// follow set stops the skipping at the same token, the first one in the set, so the recovery is
// the same, found in time linear in the tokens skipped.
import { CstParser, type TokenType } from 'chevrotain';

/** The parts of Chevrotain's recovery used here: not in its public types, stable in 11.x. */
interface RecoveryInternals {
  findReSyncTokenType(): TokenType;
  flattenFollowSet(): TokenType[];
  tryInRepetitionRecovery(...args: unknown[]): void;
}

type TokenTypeIndexed = TokenType & { tokenTypeIdx: number; categoryMatchesMap?: Record<number, boolean> };

const chevrotain = CstParser.prototype as unknown as RecoveryInternals;

export abstract class LinearRecoveryParser extends CstParser {
  /** Set for the one findReSyncTokenType call that starts an in-repetition recovery. */
  private followSetStandIn = false;

  protected tryInRepetitionRecovery(...args: unknown[]): void {
    this.followSetStandIn = true;
    try {
      chevrotain.tryInRepetitionRecovery.apply(this, args);
    } finally {
      this.followSetStandIn = false;
    }
  }

  protected findReSyncTokenType(): TokenType {
    if (!this.followSetStandIn) return chevrotain.findReSyncTokenType.call(this);
    // Only the first call: the repetition may parse again, and recover, inside this one.
    this.followSetStandIn = false;
    return followSetMatcher(chevrotain.flattenFollowSet.call(this) as TokenTypeIndexed[]);
  }
}

/** A token type that no token has, which Chevrotain's matcher takes to match every token of `follow`. */
function followSetMatcher(follow: TokenTypeIndexed[]): TokenType {
  const matches: Record<number, boolean> = {};
  for (const t of follow) {
    matches[t.tokenTypeIdx] = true;
    for (const k of Object.keys(t.categoryMatchesMap ?? {})) matches[Number(k)] = true;
  }
  return { name: 'follow set', tokenTypeIdx: -1, isParent: true, categoryMatchesMap: matches } as unknown as TokenType;
}
