import { FieldResolver, Resolver, Root } from 'type-graphql';
import type { SharedDocumentEntity } from './entities/shared-document.entity';
import { SharedDocument } from './types/shared-document.type';

/** JSON carries no bytes: the stored file travels as base64. */
@Resolver(() => SharedDocument)
export class DocumentResolver {
  @FieldResolver(() => String)
  contentBase64(@Root() doc: SharedDocumentEntity): string {
    return doc.content.toString('base64');
  }
}
