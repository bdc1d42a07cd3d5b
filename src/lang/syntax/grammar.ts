// Tokens → concrete syntax tree. Chevrotain with error recovery on, so one typo gives one
// diagnostic and the rest of the file still parses into a (partial) tree. What reparsing needs
// noted along the way is the base class's (incremental/statement-recording-parser.ts).
import { EOF, type TokenType } from 'chevrotain';
import { StatementRecordingParser } from '../incremental/statement-recording-parser.js';
import { ALL_INFER_SETTINGS } from '../builtins.js';
import * as T from './tokens.js';
import { errorMessageProvider } from './syntax-errors.js';

class BnnParser extends StatementRecordingParser {
  constructor() {
    super(T.allTokens, {
      recoveryEnabled: true,
      maxLookahead: 2,
      nodeLocationTracking: 'onlyOffset',
      errorMessageProvider,
    });
    this.performSelfAnalysis();
  }

  /** An infer setting's name that is not a reserved word, followed by a value. */
  private startsSetting(): boolean {
    const next = this.LA(2).tokenType;
    return (
      ALL_INFER_SETTINGS.includes(this.LA(1).image) &&
      (next === T.NumberLiteral || next === T.Minus || next === T.Identifier)
    );
  }

  program = this.RULE('program', () => {
    this.OPTION(() => {
      this.CONSUME(T.Model, { LABEL: 'header' });
      this.CONSUME(T.Identifier, { LABEL: 'name' });
    });
    this.blocks(this.block);
  });

  block = this.RULE('block', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.dataBlock) },
      { ALT: () => this.SUBRULE(this.parametersBlock) },
      { ALT: () => this.SUBRULE(this.modelBlock) },
      { ALT: () => this.SUBRULE(this.inferBlock) },
      { ALT: () => this.SUBRULE(this.evaluateBlock) },
    ]);
  });

  // ---- data ----
  dataBlock = this.RULE('dataBlock', () => {
    this.CONSUME(T.Data);
    this.CONSUME(T.LCurly);
    this.statements(this.dataStatement);
    this.CONSUME(T.RCurly);
  });

  dataStatement = this.RULE('dataStatement', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.columnsStatement) },
      { ALT: () => this.SUBRULE(this.balanceStatement) },
      { ALT: () => this.SUBRULE(this.sourceStatement) },
      { ALT: () => this.SUBRULE(this.dataAssignment) },
    ]);
  });

  /** Where a data file is published: source "file" url "https://…" sha256 "…". */
  sourceStatement = this.RULE('sourceStatement', () => {
    this.CONSUME(T.Source);
    this.CONSUME(T.StringLiteral, { LABEL: 'file' });
    this.MANY({
      GATE: () => this.LA(2).tokenType === T.StringLiteral || this.LA(2).tokenType === T.UnterminatedString,
      DEF: () => {
        this.CONSUME(T.Identifier, { LABEL: 'key' });
        this.CONSUME2(T.StringLiteral, { LABEL: 'value' });
      },
    });
  });

  columnsStatement = this.RULE('columnsStatement', () => {
    this.CONSUME(T.Columns);
    this.SUBRULE(this.nameList);
  });

  balanceStatement = this.RULE('balanceStatement', () => {
    this.CONSUME(T.Balance);
    this.CONSUME(T.Identifier, { LABEL: 'set' });
    this.CONSUME2(T.Identifier, { LABEL: 'method' });
    // `balance train upsample y` names the target; without the gate `y` and a following
    // `x = ...` would be ambiguous.
    this.OPTION({
      GATE: () => this.LA(2).tokenType !== T.Equals,
      DEF: () => this.CONSUME3(T.Identifier, { LABEL: 'target' }),
    });
  });

  /**
   * NAME = read(…), standardize(…), features(…), an expression, or TARGET = column : kind; and
   * the split of one set into several: train, valid, test = split(all, 0.7, 0.15, 0.15) by y.
   */
  dataAssignment = this.RULE('dataAssignment', () => {
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.CONSUME2(T.Identifier, { LABEL: 'name' });
    });
    this.CONSUME(T.Equals);
    this.OR([
      { ALT: () => this.SUBRULE(this.readCall) },
      {
        // `y = standardize(progression) : real`: a target fit on the standardized scale.
        ALT: () => {
          this.SUBRULE(this.featureCall);
          this.OPTION3(() => {
            this.CONSUME2(T.Colon);
            this.SUBRULE2(this.targetKind);
          });
        },
      },
      {
        ALT: () => {
          this.SUBRULE(this.expression);
          this.OPTION2(() => {
            this.CONSUME(T.Colon);
            this.SUBRULE(this.targetKind);
          });
        },
      },
    ]);
    this.OPTION4(() => {
      this.CONSUME(T.By);
      this.CONSUME3(T.Identifier, { LABEL: 'by' });
    });
  });

  readCall = this.RULE('readCall', () => {
    this.CONSUME(T.Read);
    this.CONSUME(T.LParen);
    this.SUBRULE(this.readArgument);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.readArgument);
    });
    this.CONSUME(T.RParen);
  });

  readArgument = this.RULE('readArgument', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.StringLiteral, { LABEL: 'file' }) },
      {
        ALT: () => {
          this.CONSUME(T.Identifier, { LABEL: 'option' });
          this.CONSUME(T.Equals);
          this.OR2([
            { ALT: () => this.CONSUME2(T.StringLiteral, { LABEL: 'value' }) },
            { ALT: () => this.CONSUME2(T.Identifier, { LABEL: 'value' }) },
            { ALT: () => this.CONSUME(T.NumberLiteral, { LABEL: 'value' }) },
          ]);
        },
      },
    ]);
  });

  featureCall = this.RULE('featureCall', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Standardize, { LABEL: 'fn' }) },
      { ALT: () => this.CONSUME(T.Features, { LABEL: 'fn' }) },
    ]);
    this.CONSUME(T.LParen);
    this.SUBRULE(this.featureItem);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.featureItem);
    });
    this.CONSUME(T.RParen);
  });

  featureItem = this.RULE('featureItem', () => {
    this.CONSUME(T.Identifier, { LABEL: 'from' });
    this.OPTION(() => {
      this.CONSUME(T.DotDot);
      this.CONSUME2(T.Identifier, { LABEL: 'to' });
    });
  });

  targetKind = this.RULE('targetKind', () => {
    this.CONSUME(T.Identifier, { LABEL: 'kind' });
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.CONSUME(T.NumberLiteral, { LABEL: 'classes' });
      this.CONSUME(T.RParen);
    });
  });

  // ---- parameters ----
  parametersBlock = this.RULE('parametersBlock', () => {
    this.CONSUME(T.Parameters);
    this.CONSUME(T.LCurly);
    this.statements(this.parameterDeclaration);
    this.CONSUME(T.RCurly);
  });

  parameterDeclaration = this.RULE('parameterDeclaration', () => {
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      this.SUBRULE(this.shape);
    });
    this.CONSUME(T.Tilde);
    this.SUBRULE(this.call);
  });

  shape = this.RULE('shape', () => {
    this.CONSUME(T.LBracket);
    this.OPTION(() => {
      this.SUBRULE(this.shapeDim);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.shapeDim);
      });
    });
    this.CONSUME(T.RBracket);
  });

  shapeDim = this.RULE('shapeDim', () => {
    this.OPTION(() => this.CONSUME(T.Minus));
    this.CONSUME(T.NumberLiteral);
  });

  // ---- model ----
  modelBlock = this.RULE('modelBlock', () => {
    this.CONSUME(T.Model);
    this.CONSUME(T.LCurly);
    this.statements(this.modelStatement);
    this.CONSUME(T.RCurly);
  });

  modelStatement = this.RULE('modelStatement', () => {
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Equals);
          this.SUBRULE(this.expression);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Tilde);
          this.SUBRULE(this.call);
        },
      },
    ]);
  });

  // ---- infer ----
  inferBlock = this.RULE('inferBlock', () => {
    this.CONSUME(T.Infer);
    this.CONSUME(T.Identifier, { LABEL: 'method' });
    this.OPTION(() => {
      this.CONSUME(T.On);
      this.CONSUME2(T.Identifier, { LABEL: 'set' });
    });
    this.CONSUME(T.LCurly);
    this.statements(this.inferStatement);
    this.CONSUME(T.RCurly);
  });

  /**
   * A setting: its name, then its value. The name is any name (plus the setting words that are
   * reserved for other uses), so that `warmup` or `chains` stays free to name a column; the
   * checker says which names each method takes.
   */
  inferStatement = this.RULE('inferStatement', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Identifier, { LABEL: 'setting' }) },
      { ALT: () => this.CONSUME(T.Guide, { LABEL: 'setting' }) },
      { ALT: () => this.CONSUME(T.Optimizer, { LABEL: 'setting' }) },
      { ALT: () => this.CONSUME(T.Steps, { LABEL: 'setting' }) },
      { ALT: () => this.CONSUME(T.Samples, { LABEL: 'setting' }) },
      { ALT: () => this.CONSUME(T.Batch, { LABEL: 'setting' }) },
      { ALT: () => this.CONSUME(T.Seed, { LABEL: 'setting' }) },
      { ALT: () => this.CONSUME(T.Draws, { LABEL: 'setting' }) },
    ]);
    this.SUBRULE(this.settingValue);
  });

  /** A number, a word, or a word with named arguments: 5000, meanfield, full, adam(lr = 0.05). */
  settingValue = this.RULE('settingValue', () => {
    this.OR([
      {
        ALT: () => {
          this.OPTION(() => this.CONSUME(T.Minus));
          this.CONSUME(T.NumberLiteral);
        },
      },
      {
        // `warmup` then `chains 4`: the value is missing, and `chains` starts the next setting.
        GATE: () => !this.startsSetting(),
        ALT: () => {
          this.CONSUME(T.Identifier);
          this.OPTION2(() => {
            this.CONSUME(T.LParen);
            this.OPTION3(() => {
              this.SUBRULE(this.argument);
              this.MANY(() => {
                this.CONSUME(T.Comma);
                this.SUBRULE2(this.argument);
              });
            });
            this.CONSUME(T.RParen);
          });
        },
      },
    ]);
  });

  // ---- evaluate ----
  evaluateBlock = this.RULE('evaluateBlock', () => {
    this.CONSUME(T.Evaluate);
    this.CONSUME(T.Identifier, { LABEL: 'set' });
    // `evaluate valid, test {`: the same queries on each set.
    this.MANY2(() => {
      this.CONSUME(T.Comma);
      this.CONSUME2(T.Identifier, { LABEL: 'set' });
    });
    this.CONSUME(T.LCurly);
    this.statements(this.evaluateStatement);
    this.CONSUME(T.RCurly);
  });

  evaluateStatement = this.RULE('evaluateStatement', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Draws, { LABEL: 'query' });
          this.SUBRULE(this.settingValue);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Threshold, { LABEL: 'query' });
          this.SUBRULE(this.thresholdRule);
        },
      },
      { ALT: () => this.CONSUME(T.Confusion, { LABEL: 'query' }) },
      { ALT: () => this.CONSUME(T.Classification, { LABEL: 'query' }) },
      { ALT: () => this.CONSUME(T.Uncertainty, { LABEL: 'query' }) },
      {
        ALT: () => {
          this.CONSUME(T.Importance, { LABEL: 'query' });
          this.CONSUME(T.Identifier, { LABEL: 'method' });
          this.OPTION(() => {
            this.CONSUME(T.By);
            this.CONSUME2(T.Identifier, { LABEL: 'by' });
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Weights, { LABEL: 'query' });
          this.SUBRULE(this.nameList);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.PriorPosterior, { LABEL: 'query' });
          this.SUBRULE2(this.nameList);
        },
      },
      {
        // A query that is a plain word (accuracy, auc, nll, brier) or a misspelt one, with the
        // names that follow it on its line (and a number or `on SET`): the checker accepts it or
        // says what the queries are, and a name on the next line starts a statement of its own.
        ALT: () => {
          const word = this.CONSUME3(T.Identifier, { LABEL: 'query' });
          this.OPTION2({
            GATE: () => this.sameLine(word, this.LA(1)) && this.LA(1).tokenType === T.Identifier,
            DEF: () => this.SUBRULE3(this.nameList),
          });
          this.OPTION3({
            // Neither a number nor `on` starts a statement: read them wherever they stand.
            GATE: () => this.LA(1).tokenType === T.NumberLiteral,
            DEF: () => this.CONSUME(T.NumberLiteral, { LABEL: 'value' }),
          });
          this.OPTION4({
            GATE: () => this.LA(1).tokenType === T.On,
            DEF: () => {
              this.CONSUME(T.On);
              this.CONSUME4(T.Identifier, { LABEL: 'set' });
            },
          });
        },
      },
    ]);
  });

  thresholdRule = this.RULE('thresholdRule', () => {
    this.OR([
      {
        ALT: () => {
          this.OPTION(() => this.CONSUME(T.Minus));
          this.CONSUME(T.NumberLiteral, { LABEL: 'value' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Identifier, { LABEL: 'rule' });
          this.CONSUME2(T.Identifier, { LABEL: 'metric' });
          this.OPTION2(() => {
            this.CONSUME(T.On);
            this.CONSUME3(T.Identifier, { LABEL: 'set' });
          });
          // `then refit`: plain words, not reserved; `then` starts no statement, so it is read
          // wherever it stands, and the checker says which words may follow it.
          this.OPTION3({
            GATE: () => this.LA(1).tokenType === T.Identifier && this.LA(1).image === 'then',
            DEF: () => {
              this.CONSUME4(T.Identifier, { LABEL: 'then' });
              this.CONSUME5(T.Identifier, { LABEL: 'protocol' });
            },
          });
        },
      },
    ]);
  });

  // ---- shared ----
  nameList = this.RULE('nameList', () => {
    this.CONSUME(T.Identifier);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.CONSUME2(T.Identifier);
    });
  });

  call = this.RULE('call', () => {
    this.CONSUME(T.Identifier, { LABEL: 'callee' });
    this.CONSUME(T.LParen);
    this.OPTION(() => {
      this.SUBRULE(this.argument);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.argument);
      });
    });
    this.CONSUME(T.RParen);
  });

  argument = this.RULE('argument', () => {
    this.OPTION(() => {
      this.CONSUME(T.Identifier, { LABEL: 'name' });
      this.CONSUME(T.Equals);
    });
    this.SUBRULE(this.expression);
  });

  expression = this.RULE('expression', () => {
    this.SUBRULE(this.multiplicative, { LABEL: 'operands' });
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Plus, { LABEL: 'operators' }) },
        { ALT: () => this.CONSUME(T.Minus, { LABEL: 'operators' }) },
      ]);
      this.SUBRULE2(this.multiplicative, { LABEL: 'operands' });
    });
  });

  multiplicative = this.RULE('multiplicative', () => {
    this.SUBRULE(this.factor, { LABEL: 'operands' });
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Star, { LABEL: 'operators' }) },
        { ALT: () => this.CONSUME(T.Slash, { LABEL: 'operators' }) },
        { ALT: () => this.CONSUME(T.At, { LABEL: 'operators' }) },
      ]);
      this.SUBRULE2(this.factor, { LABEL: 'operands' });
    });
  });

  /** Unary minuses, then an operand: a number, a string, a name, a call, or a parenthesized expression. */
  factor = this.RULE('factor', () => {
    this.MANY(() => this.CONSUME(T.Minus));
    this.OR([
      { ALT: () => this.CONSUME(T.NumberLiteral) },
      { ALT: () => this.CONSUME(T.StringLiteral) },
      {
        ALT: () => {
          this.CONSUME(T.Identifier);
          this.OPTION(() => {
            this.CONSUME(T.LParen, { LABEL: 'callOpen' });
            this.OPTION2(() => {
              this.SUBRULE(this.argument);
              this.MANY2(() => {
                this.CONSUME(T.Comma);
                this.SUBRULE2(this.argument);
              });
            });
            this.CONSUME(T.RParen, { LABEL: 'callClose' });
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME2(T.LParen, { LABEL: 'groupOpen' });
          this.SUBRULE(this.expression);
          this.CONSUME2(T.RParen, { LABEL: 'groupClose' });
        },
      },
    ]);
  });
}

export const parser = new BnnParser();

export { EOF };
export type { TokenType };
