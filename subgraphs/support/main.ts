import '../../common/tracing-start';
import 'reflect-metadata';
import { runSubgraph } from '../../common/run-subgraph';
import { supportSubgraph } from './support.subgraph';

void runSubgraph(supportSubgraph);
