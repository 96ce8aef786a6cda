import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Personal } from '../../common/privacy';
import type { BillingContext } from './billing.loaders';
import type { InvoiceEntity } from './entities/invoice.entity';
import { Invoice, InvoiceCorrection, INVOICE_DATA } from './types/invoice.type';

/**
 * What an invoice shows beside itself: its corrections (O35), one statement for all the invoices of
 * a request, read by the invoice's subject and usually under way since its invoices were (decision 347).
 */
@Resolver(() => Invoice)
export class InvoiceResolver {
  @FieldResolver(() => [InvoiceCorrection], {
    description: 'Corrections of the wording entered by support, oldest first; the invoice itself stays as issued.',
  })
  @Personal(INVOICE_DATA)
  async corrections(@Root() invoice: InvoiceEntity, @Ctx() ctx: BillingContext) {
    return (await ctx.loaders.corrections.load(invoice.subjectId)).get(invoice.id) ?? [];
  }
}
