import type { ProposedItem, SafetyKnowledge } from './check-prescription.js';
import { drugDisplayName } from './formulary.js';

/**
 * Why items cannot be prescribed, by field (`items.<i>.drugId`, `items.<i>.route`): a drug not
 * in the formulary, one withdrawn from it, a route the product is not given by. The server
 * refuses a check or a prescription with these as VALIDATION; an offline desk runs the same
 * over its kept formulary, so what it queues is not refused for them on replay. Empty when
 * every item can be prescribed.
 */
export function prescribableProblems(knowledge: Pick<SafetyKnowledge, 'drugs'>, items: ReadonlyArray<Pick<ProposedItem, 'drugId' | 'route'>>): Record<string, string> {
  const problems: Record<string, string> = {};
  items.forEach((item, index) => {
    const drug = knowledge.drugs.get(item.drugId);
    if (drug === undefined) problems[`items.${index}.drugId`] = 'is not in the formulary';
    else if (!drug.active) problems[`items.${index}.drugId`] = `${drugDisplayName(drug)} is withdrawn from the formulary`;
    else if (!drug.routes.includes(item.route)) problems[`items.${index}.route`] = `${drugDisplayName(drug)} is given ${drug.routes.join(' or ')}`;
  });
  return problems;
}
