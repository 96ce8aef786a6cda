import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Personal } from '../../common/privacy';
import type { BillingContext } from './billing.loaders';
import { Invoice, InvoiceCorrection, INVOICE_DATA } from './types/invoice.type';

/** What an invoice shows beside itself: its corrections (O35), one statement for all the invoices of a request. */
@Resolver(() => Invoice)
export class InvoiceResolver {
  @FieldResolver(() => [InvoiceCorrection], {
    description: 'Corrections of the wording entered by support, oldest first; the invoice itself stays as issued.',
  })
  @Personal(INVOICE_DATA)
  corrections(@Root() invoice: Invoice, @Ctx() ctx: BillingContext) {
    return ctx.loaders.corrections.load(invoice.id);
  }
}
